/* level.c: levels from experience points, and letter grades (SPEC 4.4). */
#include <stddef.h>

#include "aidioma/settings.h"
#include "banned.h"

static const struct {
	const char *name;
	long floor;
} levels[] = {
	{ "Principiante", 0 }, { "Estudiante", 500 },  { "Conversador", 1500 },
	{ "Intermedio", 3000 }, { "Avanzado", 6000 }, { "Experto", 10000 },
};

void level_from_xp(long xp, struct level_info *out)
{
	int n = (int)(sizeof(levels) / sizeof(levels[0])), i = 0;

	while (i + 1 < n && xp >= levels[i + 1].floor)
		i++;
	out->index = i;
	out->name = levels[i].name;
	out->xp = xp;
	out->floor = levels[i].floor;
	out->next = i + 1 < n ? levels[i + 1].floor : 0;
}

const char *grade_letter(double score)
{
	static const struct {
		double min;
		const char *letter;
	} grades[] = { { 95, "A+" }, { 90, "A" }, { 85, "B+" }, { 80, "B" }, { 75, "C+" },
		       { 70, "C" },  { 65, "D+" }, { 60, "D" } };
	size_t i;

	for (i = 0; i < sizeof(grades) / sizeof(grades[0]); i++)
		if (score >= grades[i].min)
			return grades[i].letter;
	return "F";
}
