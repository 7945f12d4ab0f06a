// Chart data with its gaps: uPlot draws a line between every two points it is given, so an outage of 50 s would look
// like a ramp. A null row where the data pauses breaks the line (uPlot's spanGaps is off).

/** The typical step between points: the median of the differences (robust to the gaps themselves). */
function typicalStep(t) {
  if (t.length < 3) return Infinity;
  const steps = [];
  for (let i = 1; i < t.length; i++) steps.push(t[i] - t[i - 1]);
  steps.sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)];
}

/** The pause after which a line breaks: three typical steps, and at least three buckets. */
export function gapAfter(t, bucket) {
  return 3 * Math.max(bucket, typicalStep(t));
}

/**
 * Columns [t, ...values] with a null row inserted after each pause longer than `gap` (same units as t). Returns new
 * arrays; the input stays as it is.
 */
export function withGaps(columns, gap) {
  const [t] = columns;
  const out = columns.map(() => []);
  for (let i = 0; i < t.length; i++) {
    if (i > 0 && t[i] - t[i - 1] > gap) {
      out[0].push(t[i - 1] + gap / 3);
      for (let c = 1; c < columns.length; c++) out[c].push(null);
    }
    columns.forEach((col, c) => out[c].push(col[i]));
  }
  return out;
}
