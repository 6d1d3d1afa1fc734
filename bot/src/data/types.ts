/** A country of `countries.json`: ISO-like code, English name, and whether the first /setup screen lists it. */
export interface Country {
  readonly code: string;
  readonly name: string;
  readonly common: boolean;
}

/** A residential region of `regions.json`; `globe` picks the globe emoji (Americas, Africa/Europe, Asia). */
export interface Region {
  readonly code: string;
  readonly name: string;
  readonly globe: "AM" | "AF" | "AS";
}
