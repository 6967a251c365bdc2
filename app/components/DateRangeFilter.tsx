import { Box, Button, DatePicker, InlineStack, Popover, Select, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";

import { formatDate } from "./format";
import { parseTypedDate, typedDateExample } from "~/domain/typed-date";

export const RANGE_OPTIONS = [
  { label: "Last 30 days", value: "30d" },
  { label: "Last 90 days", value: "90d" },
  { label: "Last 12 months", value: "12m" },
  { label: "All time", value: "all" },
  { label: "Custom dates", value: "custom" },
];

/** A stored date "2026-06-01" as the field shows it ("1 Jun 2026"); anything else as it was typed. */
function shown(value: string | null, locale: string): string {
  if (value === null) return "";
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && parseTypedDate(value, locale).ok ? formatDate(value, locale) : value;
}

/** The calendar's days are the browser's local midnights; the app's dates are plain days. */
function calendarDay(iso: string): Date {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}
function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/**
 * The date-range filter of the list pages and the dashboard: presets, or custom dates (shop-local,
 * both days included) typed in the admin's way ("1 Jun 2026", 01/06/2026 day first in English; see
 * app/domain/typed-date.ts) or picked on a calendar. A date is read when the field is left, and
 * shown back as read; Enter applies the range; a date that cannot be read is said under its field.
 * The page owns the URL: `onChange` receives the query parameters to set (null removes one). The
 * server validates the dates again and names a bad one (`errors`).
 */
export function DateRangeFilter(props: {
  range: string;
  from: string | null;
  to: string | null;
  onChange: (changes: Record<string, string | null>) => void;
  /** Presets offered (default all). */
  presets?: readonly string[];
  errors?: { from?: string; to?: string };
  /** The admin's locale: how dates are shown and read. */
  locale?: string;
}) {
  const locale = props.locale ?? "en";
  const [mode, setMode] = useState(props.range);
  const [from, setFrom] = useState(shown(props.from, locale));
  const [to, setTo] = useState(shown(props.to, locale));
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});
  const [calendar, setCalendar] = useState(false);
  // The calendar opens on the start date's month, else this month.
  const [month, setMonth] = useState(() => {
    const start = props.from !== null && /^\d{4}-\d{2}-\d{2}$/.test(props.from) ? calendarDay(props.from) : new Date();
    return { month: start.getMonth(), year: start.getFullYear() };
  });
  useEffect(() => {
    setMode(props.range);
    setFrom(shown(props.from, locale));
    setTo(shown(props.to, locale));
    setErrors({});
  }, [props.range, props.from, props.to, locale]);

  /** Reads one field: shows the date as read, or says what is wrong with it. */
  const read = (which: "from" | "to", text: string): string | null => {
    const r = parseTypedDate(text, locale);
    setErrors((e) => ({
      ...e,
      [which]: r.ok ? undefined : capital(r.message),
    }));
    if (r.ok) (which === "from" ? setFrom : setTo)(formatDate(r.iso, locale));
    return r.ok ? r.iso : null;
  };
  const apply = () => {
    const a = read("from", from);
    const b = read("to", to);
    if (a === null || b === null) return;
    if (a > b) {
      setErrors({ to: "The end date is before the start date" });
      return;
    }
    props.onChange({ range: "custom", from: a, to: b });
  };
  // The calendar opens on the month of the start date as typed, else where it was.
  const openCalendar = () => {
    const start = parseTypedDate(from, locale);
    if (!calendar && start.ok) setMonth({ month: calendarDay(start.iso).getMonth(), year: calendarDay(start.iso).getFullYear() });
    setCalendar(!calendar);
  };
  const options = RANGE_OPTIONS.filter((o) => !props.presets || props.presets.includes(o.value));
  const fromIso = parseTypedDate(from, locale);
  const toIso = parseTypedDate(to, locale);
  const selected = fromIso.ok
    ? {
        start: calendarDay(fromIso.iso),
        end: calendarDay(toIso.ok && toIso.iso >= fromIso.iso ? toIso.iso : fromIso.iso),
      }
    : undefined;
  const placeholder = `e.g. ${typedDateExample(locale)}`;
  return (
    <InlineStack gap="200" blockAlign="start" wrap>
      <Box minWidth="170px">
        <Select
          label="Date range"
          options={options}
          value={mode}
          onChange={(v) => {
            setMode(v);
            if (v !== "custom") props.onChange({ range: v, from: null, to: null });
          }}
        />
      </Box>
      {mode === "custom" ? (
        // Enter in either date applies the range, as it would submit a form (Polaris's TextField takes no onKeyDown).
        <div onKeyDown={(e) => e.key === "Enter" && e.target instanceof HTMLInputElement && (e.preventDefault(), apply())}>
          <InlineStack gap="200" blockAlign="start" wrap>
            <Box maxWidth="170px">
              <TextField
                label="From"
                autoComplete="off"
                placeholder={placeholder}
                value={from}
                onChange={setFrom}
                onBlur={() => from !== "" && read("from", from)}
                error={errors.from ?? props.errors?.from}
              />
            </Box>
            <Box maxWidth="170px">
              <TextField
                label="To (included)"
                autoComplete="off"
                placeholder={placeholder}
                value={to}
                onChange={setTo}
                onBlur={() => to !== "" && read("to", to)}
                error={errors.to ?? props.errors?.to}
              />
            </Box>
            {/* Aligned with the fields' boxes, below their labels. */}
            <Box paddingBlockStart="600">
              <InlineStack gap="200">
                <Popover
                  active={calendar}
                  onClose={() => setCalendar(false)}
                  preferredAlignment="left"
                  activator={
                    <Button onClick={openCalendar} disclosure={calendar ? "up" : "down"}>
                      Calendar
                    </Button>
                  }
                >
                  <Box padding="300" maxWidth="320px">
                    <DatePicker
                      month={month.month}
                      year={month.year}
                      allowRange
                      selected={selected}
                      weekStartsOn={1}
                      onMonthChange={(m, y) => setMonth({ month: m, year: y })}
                      onChange={({ start, end }) => {
                        setFrom(formatDate(isoDay(start), locale));
                        setTo(formatDate(isoDay(end ?? start), locale));
                        setErrors({});
                      }}
                    />
                  </Box>
                </Popover>
                <Button variant="primary" onClick={apply} disabled={from === "" || to === ""}>
                  Apply dates
                </Button>
              </InlineStack>
            </Box>
          </InlineStack>
        </div>
      ) : null}
    </InlineStack>
  );
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
