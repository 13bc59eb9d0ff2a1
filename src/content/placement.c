/* placement.c: the six-question placement quiz of the first run. */
#include "aidioma/practice.h"
#include "banned.h"

const struct placement_item placement_items[PLACEMENT_ITEMS] = {
	{ "beginner", "Yo ___ de Guadalajara.", "I am from Guadalajara.",
	  { "soy", "estoy", "tengo" }, 0, "Origin takes ser: soy de..." },
	{ "beginner", "A mi hermana le ___ los gatos.", "My sister likes cats.",
	  { "gusta", "gustan", "gusto" }, 1, "Gustar agrees with what is liked: los gatos, gustan." },
	{ "intermediate", "Ayer ___ al mercado con mi madre.", "Yesterday I went to the market with my mother.",
	  { "voy", "iba", "fui" }, 2, "A finished action yesterday: the preterite, fui." },
	{ "intermediate", "Cuando era pequeño, ___ en un pueblo.", "When I was little, I lived in a village.",
	  { "viví", "vivía", "viviré" }, 1, "A past background or habit: the imperfect, vivía." },
	{ "advanced", "Espero que mañana ___ sol.", "I hope it is sunny tomorrow.",
	  { "hace", "hará", "haga" }, 2, "Esperar que takes the subjunctive: haga." },
	{ "advanced", "Si tuviera más tiempo, ___ a tocar la guitarra.",
	  "If I had more time, I would learn to play the guitar.",
	  { "aprendo", "aprendería", "aprenderé" }, 1,
	  "Si + imperfect subjunctive, then the conditional: aprendería." },
};

const char *placement_level(unsigned right)
{
	int beginner = !!(right & 1) + !!(right & 2);
	int intermediate = !!(right & 4) + !!(right & 8);
	int advanced = !!(right & 16) + !!(right & 32);

	if (beginner == 2 && intermediate == 2 && advanced >= 1)
		return "advanced";
	if (beginner == 2 && intermediate >= 1)
		return "intermediate";
	return "beginner";
}
