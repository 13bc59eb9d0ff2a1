// reference.mjs: what `aidioma srs replay` (FSRS) must print, computed by ts-fsrs itself.
//
// It reads the same JSON document on standard input and writes the same
// layout on standard output, so that the committed fixtures under
// tests/fixtures/srs are the reference's own numbers.  make check does not
// run it.  To regenerate the fixtures:
//
//   mkdir -p /tmp/tsfsrs && cd /tmp/tsfsrs && npm init -y && npm install ts-fsrs@5
//   node TOP/tests/srs/generate.mjs TOP/tests/fixtures/srs
//   for f in TOP/tests/fixtures/srs/fsrs-*.in.json; do
//     node TOP/tests/srs/reference.mjs < "$f" > "${f%.in.json}.out.json"
//   done
//
// ts-fsrs is loaded from the current directory's node_modules, or from
// the directory named by TS_FSRS_DIR.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

// times without a zone would otherwise be read in local time
process.env.TZ = 'UTC'

const require = createRequire(join(process.env.TS_FSRS_DIR ?? process.cwd(), 'index.js'))
const { createEmptyCard, forgetting_curve, fsrs, State } = require('ts-fsrs')

const input = JSON.parse(readFileSync(0, 'utf8'))
const options = {}
const keys = {
  params: 'w',
  desired_retention: 'request_retention',
  maximum_interval: 'maximum_interval',
  enable_fuzz: 'enable_fuzz',
  enable_short_term: 'enable_short_term',
  learning_steps: 'learning_steps',
  relearning_steps: 'relearning_steps',
}
for (const [ours, theirs] of Object.entries(keys)) {
  if (input[ours] !== undefined && input[ours] !== null) options[theirs] = input[ours]
}
const f = fsrs(options)
const w = f.parameters.w
const iso = (ms) => new Date(ms).toISOString()

function replay(reviews) {
  const rows = []
  let card = null
  let last = null
  for (let i = 0; i < reviews.length; i++) {
    const r = reviews[i]
    if (typeof r !== 'object' || r === null || Array.isArray(r)) {
      return { rows, error: `reviews[${i}]: must be an object` }
    }
    const t = typeof r.t === 'string' ? Date.parse(r.t) : Number.NaN
    if (Number.isNaN(t)) {
      return { rows, error: `reviews[${i}]: "t" is missing or not an ISO-8601 time` }
    }
    if (!Number.isInteger(r.rating) || r.rating < 1 || r.rating > 4) {
      return { rows, error: `reviews[${i}]: "rating" must be 1, 2, 3 or 4` }
    }
    if (last !== null && t < last) {
      return {
        rows,
        error: `reviews[${i}]: time goes backwards: ${iso(t)} is before the last review at ${iso(last)}`,
      }
    }
    if (card === null) card = createEmptyCard(new Date(t))
    const { card: next, log } = f.next(card, new Date(t), r.rating)
    rows.push({
      i,
      t: iso(t),
      rating: r.rating,
      elapsed_days: log.elapsed_days,
      // R at the review, from the reference's own forgetting curve
      retrievability:
        card.state === State.New ? null : forgetting_curve(w, log.elapsed_days, card.stability),
      due: next.due.toISOString(),
      stability: next.stability,
      difficulty: next.difficulty,
      state: State[next.state],
      scheduled_days: next.scheduled_days,
      learning_steps: next.learning_steps,
      reps: next.reps,
      lapses: next.lapses,
    })
    card = next
    last = t
  }
  return { rows }
}

const parts = input.cases.map((c) => {
  const { rows, error } = replay(c.reviews)
  let s = `{"id":${JSON.stringify(c.id ?? null)},"results":[`
  s += rows.length ? `\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]` : ']'
  if (error !== undefined) s += `,"error":${JSON.stringify(error)}`
  return `${s}}`
})
process.stdout.write(parts.length ? `{"cases":[\n${parts.join(',\n')}\n]}\n` : '{"cases":[]}\n')
