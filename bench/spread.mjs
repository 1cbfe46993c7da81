// The one min / median / max of the benches: repeated rounds on a noisy machine are reported as a spread.

/** min, median and max of `values` (not changed). */
export function spread(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted.at(-1) };
}

/** `min / median / max`, each with `digits` decimals. */
export function showSpread(values, digits = 2) {
  const { min, median, max } = spread(values);
  return `${min.toFixed(digits)} / ${median.toFixed(digits)} / ${max.toFixed(digits)}`;
}
