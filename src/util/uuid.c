/* uuid.c: version-7 UUIDs (time-ordered) for rows made on this machine. */
#include <stdio.h>
#include <string.h>
#include <openssl/rand.h>

#include "aidioma/util.h"
#include "banned.h"

static uint64_t seed_state;
static int seeded;

void uuid_set_seed(uint64_t seed)
{
	seed_state = seed;
	seeded = seed != 0;
}

/* splitmix64: a small, well-mixed sequence for reproducible test ids */
static uint64_t next_seeded(void)
{
	uint64_t z = (seed_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void uuid_new(char out[37])
{
	unsigned char b[16];
	int i, o = 0;

	if (seeded) {
		uint64_t a = next_seeded(), c = next_seeded();

		memcpy(b, &a, 8);
		memcpy(b + 8, &c, 8);
	} else if (RAND_bytes(b, sizeof(b)) != 1) {
		die_bug("no random bytes for a UUID");
	}
	/* version 7: 48 bits of Unix milliseconds first, so that new rows land at
	 * the end of the primary-key index instead of at random places in it */
	{
		uint64_t ms = (uint64_t)clock_now_ms();

		for (i = 0; i < 6; i++)
			b[i] = (unsigned char)(ms >> (40 - 8 * i));
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x70);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = "0123456789abcdef"[b[i] >> 4];
		out[o++] = "0123456789abcdef"[b[i] & 15];
	}
	out[o] = '\0';
}

int uuid_valid(const char *s)
{
	int i;

	if (strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!strchr("0123456789abcdef", s[i])) {
			return 0;
		}
	}
	return 1;
}
