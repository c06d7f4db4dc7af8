/* threads.c - addresses handed to other threads (Go: "go f(&x)" moves x to the heap).
 * pthread_create and friends are unknown functions: whatever they get escapes by call.  A
 * thread-local variable is static storage: a local stored there dangles. */
/* { escinfo-options "-pthread" } */
#include <pthread.h>
#include <stdlib.h>

struct job {
  const int *input;
  int n;
  long *result;
};

static __thread int *t_current;
extern void use(int v);

/* The thread function only reads and writes through its argument. */
static void *worker(void *arg) /* { escinfo noleak "arg" } */
{
  struct job *j = arg;
  long s = 0;
  for (int i = 0; i < j->n; i++)
    s += j->input[i];
  *j->result = s;
  return NULL;
}

/* The job, the result it points to, the caller's array and the thread id all escape by call. */
long sum_in_thread(const int *v, int n) /* { escinfo leak.call "v" } */
{
  long result = 0; /* { escinfo escape.call "result" } */
  struct job job = { v, n, &result }; /* { escinfo escape.call "job" } { escinfo-flow "job" "'pthread_create'" } */
  pthread_t tid; /* { escinfo escape.call "tid" } */
  if (pthread_create(&tid, NULL, worker, &job) != 0)
    return -1;
  pthread_join(tid, NULL);
  return result;
}

/* A heap argument owned by the thread. */
static void *worker_free(void *arg) /* { escinfo noleak "arg" } */
{
  int v = *(int *)arg;
  free(arg);
  use(v);
  return NULL;
}

int start_detached(int value)
{
  pthread_t t; /* { escinfo escape.call "t" } */
  int *arg = malloc(sizeof *arg); /* { escinfo escape.call "malloc" } */
  if (!arg)
    return -1;
  *arg = value;
  if (pthread_create(&t, NULL, worker_free, arg) != 0) {
    free(arg);
    return -1;
  }
  pthread_detach(t);
  return 0;
}

/* A thread function that hands its argument back as its result. */
static void *echo(void *arg) /* { escinfo leak.return "arg" } */
{
  return arg;
}

int echo_value(int v)
{
  pthread_t t; /* { escinfo escape.call "t" } */
  void *ret = NULL; /* { escinfo escape.call "ret" } */
  int copy = v; /* { escinfo escape.call "copy" } */
  if (pthread_create(&t, NULL, echo, &copy) != 0)
    return -1;
  pthread_join(t, &ret);
  return *(int *)ret;
}

/* A mutex on the stack: it escapes; the counter it protects is only read and written. */
int locked_increment(int *shared) /* { escinfo noleak "shared" } */
{
  pthread_mutex_t m; /* { escinfo escape.call "m" } */
  pthread_mutex_init(&m, NULL);
  pthread_mutex_lock(&m);
  int r = ++*shared;
  pthread_mutex_unlock(&m);
  pthread_mutex_destroy(&m);
  return r;
}

/* Thread-local storage is static storage. */
void set_current(void)
{
  int ctx = 0; /* { escinfo escape.global "ctx" dangling } */
  t_current = &ctx;
}
