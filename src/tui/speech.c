/* speech.c: speak Spanish through espeak-ng when it is installed. */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tui/tui-int.h"
#include "aidioma/util.h"
#include "banned.h"

static int found = -1;
static char espeak[512];

int speech_available(void)
{
	const char *path = getenv("PATH");
	char dir[512];

	if (found >= 0)
		return found;
	found = 0;
	while (path && *path) {
		size_t n = strcspn(path, ":");
		struct stat sb;

		if (n && n < sizeof(dir)) {
			memcpy(dir, path, n);
			dir[n] = '\0';
			if (!xsnprintf(espeak, sizeof(espeak), "%s/espeak-ng", dir) &&
			    stat(espeak, &sb) == 0 && (sb.st_mode & S_IXUSR)) {
				found = 1;
				break;
			}
		}
		path += n;
		if (*path == ':')
			path++;
	}
	return found;
}

/* Speak in the background; the child's output goes nowhere, so it never
 * writes over the screen. */
void speech_say(const char *text)
{
	pid_t pid;

	if (!speech_available() || !text || !*text)
		return;
	pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR);

		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
		}
		/* a grandchild does the talking, so no zombie is left behind */
		if (fork() == 0) {
			execl(espeak, "espeak-ng", "-v", "es", "--", text, (char *)NULL);
			_exit(127);
		}
		_exit(0);
	}
	if (pid > 0) {
		int status;

		waitpid(pid, &status, 0);
	}
}
