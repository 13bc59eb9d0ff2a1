/* sm2.c: SM-2, the SuperMemo algorithm as P. A. Wozniak published it in 1990. */
#include <string.h>

#include "aidioma/srs.h"
#include "banned.h"

/*
 * The published rules, in the order they apply to one repetition:
 *
 *   q >= 3: the interval after repetition n is I(1) = 1 day, I(2) = 6 days,
 *           and I(n) = I(n-1) * EF for n > 2, with the E-Factor the item had
 *           going into the repetition; a fractional interval is rounded to
 *           the nearest day (halves up).  Then
 *           EF' = EF + (0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)), never
 *           below 1.3.
 *   q < 3:  "start repetitions for the item from the beginning without
 *           changing the E-Factor": the repetition count goes back to 0,
 *           the next interval is I(1) = 1 day, and EF stays as it was.
 *           (Step 5 of the text, read alone, would lower EF after every
 *           response; step 6 exempts failed ones, and step 6 is followed
 *           here.)
 *
 * The text sets no ceiling on intervals; they stop at SM2_MAX_INTERVAL
 * (100 years, FSRS's default maximum) so that no day count overflows.
 */

void sm2_card_init(struct sm2_card *c, double ef)
{
	memset(c, 0, sizeof(*c));
	c->ef = ef;
}

int sm2_q_from_rating(int rating)
{
	return rating + 1;
}

int sm2_review(const struct sm2_card *c, ms_t now, int q, struct sm2_card *out, struct err *e)
{
	struct sm2_card n = *c;
	char a[32], b[32];
	double d;

	if (q < 0 || q > 5)
		return err_set(e, ERR_USAGE, "quality %d is not 0 to 5", q);
	if (c->reviewed && now < c->last_review) {
		time_format_iso(now, a, sizeof(a));
		time_format_iso(c->last_review, b, sizeof(b));
		return err_set(e, ERR_USAGE,
			       "time goes backwards: %s is before the last review at %s", a, b);
	}
	if (q >= 3) {
		if (c->repetition == 0)
			n.interval = 1;
		else if (c->repetition == 1)
			n.interval = 6;
		else if (c->interval * c->ef >= SM2_MAX_INTERVAL)
			n.interval = SM2_MAX_INTERVAL;
		else
			n.interval = (int)srs_js_round(c->interval * c->ef);
		n.repetition = c->repetition + 1;
		d = 5 - q;
		/* the formula is decimal; rounding to 9 places drops the binary
		 * residue, so 2.5 + 0.1 + 0.1 is 2.7 and not 2.7000000000000002 */
		n.ef = srs_round_to(c->ef + (0.1 - d * (0.08 + d * 0.02)), 9);
		if (n.ef < SM2_MIN_EF)
			n.ef = SM2_MIN_EF;
	} else {
		n.repetition = 0;
		n.interval = 1;
	}
	n.reviewed = 1;
	n.last_review = now;
	n.due = now + (ms_t)n.interval * 86400000;
	*out = n;
	return 0;
}
