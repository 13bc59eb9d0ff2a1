/* job.c: long work (grading, the tutor) on a worker thread, so keys never wait. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui-int.h"
#include "aidioma/util.h"
#include "banned.h"

static int running_jobs; /* started and not yet joined, on the key loop's thread */

int jobs_running(void)
{
	return running_jobs;
}

static void *run(void *arg)
{
	struct job *j = arg;

	j->rc = j->fn(j->arg);
	__atomic_store_n(&j->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

int job_start(struct job *j, int (*fn)(void *arg), void *arg)
{
	memset(j, 0, sizeof(*j));
	j->fn = fn;
	j->arg = arg;
	j->started = clock_now_ms();
	if (pthread_create(&j->thread, NULL, run, j))
		return -1;
	j->running = 1;
	running_jobs++;
	return 0;
}

int job_done(struct job *j)
{
	return j->running && __atomic_load_n(&j->done, __ATOMIC_ACQUIRE);
}

void job_cancel(struct job *j)
{
	__atomic_store_n(&j->cancel, 1, __ATOMIC_RELEASE);
}

int job_cancelled(const struct job *j)
{
	return __atomic_load_n(&j->cancel, __ATOMIC_ACQUIRE);
}

int job_join(struct job *j)
{
	if (!j->running)
		return -1;
	pthread_join(j->thread, NULL);
	j->running = 0;
	running_jobs--;
	return j->rc;
}

const char *job_spinner(const struct job *j)
{
	static const char *const frames[] = { "⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏" };
	ms_t t = clock_now_ms() - j->started;

	return frames[(t / 100) % 10];
}
