// Texts from locales/<lang>/miniapp.ftl (Fluent, like the bot's: the same plural rules), and
// dates, times and money in the user's language. Times are shown in the device's time zone.

import { FluentBundle, FluentResource } from "../vendor/fluent-bundle-0.19.1/index.js";

export const LANGUAGES = ["ru", "en"];

/** As services.users.pick_language: Russian unless the client speaks English. */
export function pickLanguage(code) {
  const base = String(code ?? "").split("-")[0].toLowerCase();
  return LANGUAGES.includes(base) ? base : LANGUAGES[0];
}

export async function loadTexts(language) {
  const response = await fetch(new URL(`../locales/${language}.ftl`, import.meta.url));
  if (!response.ok) throw new Error(`texts for ${language}: HTTP ${response.status}`);
  const bundle = new FluentBundle(language, { useIsolating: false });
  for (const error of bundle.addResource(new FluentResource(await response.text()))) {
    console.error("miniapp.ftl:", error);
  }
  return new Texts(bundle, language);
}

export class Texts {
  constructor(bundle, language) {
    this.bundle = bundle;
    this.language = language;
    // The device's regional variant when it speaks this language (en-US: 12-hour clock).
    const device = navigator.language ?? "";
    this.locale = pickLanguage(device) === language && device.includes("-") ? device : language;
    this.formats = {
      day: new Intl.DateTimeFormat(this.locale, {
        weekday: "short",
        day: "numeric",
        month: "long",
        timeZone: "UTC",
      }),
      chipWeekday: new Intl.DateTimeFormat(this.locale, { weekday: "short", timeZone: "UTC" }),
      chipDay: new Intl.DateTimeFormat(this.locale, { day: "numeric", timeZone: "UTC" }),
      moment: new Intl.DateTimeFormat(this.locale, {
        weekday: "short",
        day: "numeric",
        month: "short",
        hour: "numeric",
        minute: "2-digit",
      }),
      time: new Intl.DateTimeFormat(this.locale, { hour: "numeric", minute: "2-digit" }),
      localDay: new Intl.DateTimeFormat("en", { year: "numeric", month: "2-digit", day: "2-digit" }),
      percent: new Intl.NumberFormat(this.locale, { style: "percent", maximumFractionDigits: 1 }),
    };
  }

  has(id) {
    return this.bundle.hasMessage(id);
  }

  /** The text `id` with Fluent arguments; the id itself (and a console error) if missing. */
  t(id, args) {
    const message = this.bundle.getMessage(id);
    if (!message?.value) {
      console.error("missing text:", id);
      return id;
    }
    return this.bundle.formatPattern(message.value, args);
  }

  /** Kopecks as money: "450 ₽", "75,50 ₽" (whole roubles without the kopecks). */
  money(cents) {
    const fraction = cents % 100 ? 2 : 0;
    return new Intl.NumberFormat(this.locale, {
      style: "currency",
      currency: "RUB",
      currencyDisplay: "narrowSymbol",
      minimumFractionDigits: fraction,
      maximumFractionDigits: fraction,
    }).format(cents / 100);
  }

  /** A delivery date ("2026-12-08"): a calendar day, the same in every time zone. */
  day(iso) {
    return this.formats.day.format(calendarDay(iso));
  }

  chip(iso) {
    const day = calendarDay(iso);
    return [this.formats.chipWeekday.format(day), this.formats.chipDay.format(day)];
  }

  /** An instant (a deadline, "2026-12-08T10:00:00+03:00") in the device's local time. */
  moment(iso) {
    return this.formats.moment.format(new Date(iso));
  }

  /** The deadline of delivery on `day`: only its time when it falls on that day locally. */
  deadline(iso, day) {
    const moment = new Date(iso);
    const parts = Object.fromEntries(this.formats.localDay.formatToParts(moment).map((p) => [p.type, p.value]));
    const sameDay = `${parts.year}-${parts.month}-${parts.day}` === day;
    return sameDay ? this.formats.time.format(moment) : this.moment(iso);
  }

  percent(value) {
    return this.formats.percent.format(value / 100);
  }

  category(name) {
    const id = `app-category-${name}`;
    return this.has(id) ? this.t(id) : name;
  }
}

function calendarDay(iso) {
  return new Date(`${iso}T00:00:00Z`);
}

/** The delivery date `days` after `iso`. */
export function addDays(iso, days) {
  const day = calendarDay(iso);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}
