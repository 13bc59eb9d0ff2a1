// generate.mjs: the random review histories behind the FSRS replay fixtures.
//
//   node tests/srs/generate.mjs tests/fixtures/srs
//
// writes fsrs-*.in.json there; tests/srs/reference.mjs turns each into the
// .out.json that ts-fsrs computes.  The generator is seeded, so running it
// again writes the same files.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

const dir = process.argv[2] ?? '.'

// mulberry32: small, seeded, and the same in every JavaScript engine
function rng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const MINUTE = 60000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const default_w = [
  0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835,
  0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
]

function pick(rand, weighted) {
  let x = rand() * weighted.reduce((s, [p]) => s + p, 0)
  for (const [p, v] of weighted) {
    if ((x -= p) < 0) return v
  }
  return weighted[weighted.length - 1][1]
}

const int = (rand, lo, hi) => lo + Math.floor(rand() * (hi - lo + 1))

// Gaps from the same instant to half a year, with the odd few minutes
// either side of midnight so that calendar days and elapsed time disagree.
function gap(rand, t) {
  switch (pick(rand, [[6, 'same'], [22, 'minutes'], [14, 'hours'], [8, 'midnight'], [35, 'days'], [15, 'months']])) {
    case 'same':
      return 0
    case 'minutes':
      return int(rand, 1, 59) * MINUTE + int(rand, 0, 59999)
    case 'hours':
      return int(rand, 1, 23) * HOUR + int(rand, 0, HOUR - 1)
    case 'midnight': {
      const next_midnight = (Math.floor(t / DAY) + 1) * DAY
      return next_midnight - t + int(rand, 0, 20 * MINUTE)
    }
    case 'days':
      return int(rand, 1, 30) * DAY + int(rand, -6 * HOUR, 6 * HOUR)
    default:
      return int(rand, 30, 180) * DAY + int(rand, 0, DAY - 1)
  }
}

function history(rand, style) {
  const n = pick(rand, [[3, int(rand, 1, 5)], [5, int(rand, 6, 15)], [3, int(rand, 16, 30)], [1, int(rand, 31, 45)]])
  const ratings = {
    mixed: [[15, 1], [15, 2], [55, 3], [15, 4]],
    good: [[5, 1], [5, 2], [80, 3], [10, 4]],
    easy: [[2, 1], [3, 2], [25, 3], [70, 4]],
    hard: [[40, 1], [35, 2], [20, 3], [5, 4]],
  }[style]
  let t = Date.UTC(2024, 0, 1) + int(rand, 0, 3 * 365) * DAY + int(rand, 0, DAY - 1)
  const reviews = []
  for (let i = 0; i < n; i++) {
    if (i) t += gap(rand, t)
    reviews.push({ t: new Date(t).toISOString(), rating: pick(rand, ratings) })
  }
  return reviews
}

function cases(rand, count) {
  const out = []
  for (let id = 0; id < count; id++) {
    const style = pick(rand, [[6, 'mixed'], [2, 'good'], [1, 'easy'], [1, 'hard']])
    out.push({ id, reviews: history(rand, style) })
  }
  return out
}

// weights a learner's optimizer might produce: each default moved by up
// to 30%, one pushed past its bound so that clipping is exercised too
function weights(rand, past) {
  const w = default_w.map((x) => Math.round(x * (0.7 + 0.6 * rand()) * 1e4) / 1e4)
  w[past[0]] = past[1]
  return w
}

function write(name, doc) {
  writeFileSync(join(dir, `${name}.in.json`), `${JSON.stringify(doc, null, 1)}\n`)
}

const rand = rng(20260101)
write('fsrs-short-term', { cases: cases(rand, 70) })
write('fsrs-long-term', { enable_short_term: false, cases: cases(rand, 45) })
write('fsrs-custom', {
  params: weights(rand, [17, 1.9]),
  desired_retention: 0.85,
  maximum_interval: 3650,
  learning_steps: ['1m', '5m', '30m', '2h'],
  relearning_steps: ['5m', '20m'],
  cases: cases(rand, 35),
})
write('fsrs-custom-long-term', {
  params: weights(rand, [20, 0.05]),
  desired_retention: 0.95,
  maximum_interval: 365,
  enable_short_term: false,
  cases: cases(rand, 30),
})
write('fsrs-steps', {
  desired_retention: 0.8,
  learning_steps: ['10m', '1d'],
  relearning_steps: [],
  cases: cases(rand, 20),
})
// fuzz on: the seed rule and the Alea generator must match too
write('fsrs-fuzz', { enable_fuzz: true, cases: cases(rand, 30) })
write('fsrs-fuzz-long-term', { enable_fuzz: true, enable_short_term: false, cases: cases(rand, 15) })
// bad reviews end their case with an error and the rows before it
write('fsrs-errors', {
  cases: [
    { id: 'backwards', reviews: [
      { t: '2026-01-01T10:00:00Z', rating: 3 },
      { t: '2026-01-02T10:00:00Z', rating: 3 },
      { t: '2026-01-02T09:59:59.999Z', rating: 3 },
      { t: '2026-01-05T10:00:00Z', rating: 3 },
    ] },
    { id: 'rating 0', reviews: [{ t: '2026-01-01T10:00:00Z', rating: 3 }, { t: '2026-01-03T10:00:00Z', rating: 0 }] },
    { id: 'rating 5', reviews: [{ t: '2026-01-01T10:00:00Z', rating: 5 }] },
    { id: 'rating 2.5', reviews: [{ t: '2026-01-01T10:00:00Z', rating: 2.5 }] },
    { id: 'rating text', reviews: [{ t: '2026-01-01T10:00:00Z', rating: 'good' }] },
    { id: 'no time', reviews: [{ t: '2026-01-01T10:00:00Z', rating: 4 }, { rating: 3 }] },
    { id: 'bad time', reviews: [{ t: 'yesterday', rating: 3 }] },
    { id: 'not an object', reviews: [{ t: '2026-01-01T10:00:00Z', rating: 1 }, 3] },
    { id: 'empty', reviews: [] },
    { id: 'same instant', reviews: [
      { t: '2026-01-01T23:59:00Z', rating: 1 },
      { t: '2026-01-01T23:59:00Z', rating: 1 },
      { t: '2026-01-02T00:01:00Z', rating: 3 },
    ] },
  ],
})
