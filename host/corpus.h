/* corpus.h — the state of one parallel corpus run, shared by corpus.c (the
 * main thread: options, walk, progress, reduce) and worker.c (the threads
 * running map).  Workers only read the run's inputs, take file indexes from
 * an atomic counter and write their own slots, each published by its done
 * flag: the main thread turns finished results into Lua values in path order
 * while the workers run. */
#ifndef GONGWEN_HOST_CORPUS_H
#define GONGWEN_HOST_CORPUS_H

#include <pthread.h>
#include <stdatomic.h>
#include "host.h"

/* The outcome of one file: a marshalled result, or an error, or neither
 * (map returned nil).  done is set (release) once the worker has written it,
 * so the main thread may take results while the run goes on. */
typedef struct slot {
  host_bytes result;
  char *error;   /* "path: message" (may hold a traceback after a newline) */
  atomic_int done;
} slot;

typedef struct corpus {
  const host_script *script;
  host_bytes opts;          /* the parsed options, marshalled */
  char **files;             /* from gw_walk, sorted */
  size_t nfiles;
  slot *slots;              /* one per file */
  atomic_size_t next;       /* next file index to take */
  atomic_size_t done;       /* files finished */
  atomic_ullong bytes;      /* input bytes of the files opened */
  atomic_int stop;          /* a worker could not start: the others stop */
  pthread_mutex_t lock;     /* guards finished and fatal */
  pthread_cond_t changed;   /* signalled when a worker ends */
  int finished;             /* workers ended */
  char *fatal;              /* why a worker could not start (first one) */
} corpus;

/* Thread entry point: arg is the corpus. */
void *host_worker(void *arg);

#endif
