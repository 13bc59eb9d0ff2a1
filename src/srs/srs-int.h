/* srs-int.h: what the spaced-repetition files share with each other only. */
#ifndef AIDIOMA_SRS_INT_H
#define AIDIOMA_SRS_INT_H

#include "aidioma/util.h"

/*
 * The fuzz factor of a review at now, the card's reps counting this review
 * and the product of its difficulty and stability before it: the first draw
 * of ts-fsrs's Alea generator seeded with "NOW_REPS_PRODUCT".  It lies in
 * [0, 1).  The same factor serves all four ratings of one review.
 */
double fsrs_fuzz_factor(ms_t now, int reps, double product);
/* A fuzzed interval in days from a rounded one, as ts-fsrs spreads it:
 * intervals under 2.5 days are left alone. */
int fsrs_fuzz_interval(int interval, double factor, int elapsed_days, int maximum_interval);

/* Math.exp, Math.log and Math.pow as JavaScript computes them (fdlibm),
 * which is not always what the C library's exp, log and pow return. */
double jsmath_exp(double x);
double jsmath_log(double x);
double jsmath_pow(double x, double y);

#endif
