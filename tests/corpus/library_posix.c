/* library_posix.c - library models (gccplugin/library.c) for POSIX and Linux calls: files,
 * processes, sockets, polling, signals, threads, the dynamic loader, regular expressions,
 * terminals: one case per kind of model.  What only reads or fills plain data keeps nothing;
 * what returns its buffer passes it on; what hands bytes to the kernel for good makes the
 * addresses among them escape; data given back by the kernel or the library points anywhere. */
/* { escinfo-options "-pthread" } */
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* POSIX and Linux, declared here so that the corpus needs the C library's headers only; the
 * structures are stand-ins of the right shape.  (<stdlib.h> brings select and fd_set.) */
struct file_info { unsigned long raw[18]; };
struct fs_info { unsigned long raw[15]; };
struct sock_addr { unsigned short family; char data[126]; };
struct addr_info { int flags, family, socktype, protocol; unsigned len; struct sock_addr *addr; char *canonname; struct addr_info *next; };
struct in_address { unsigned s_addr; };
struct host_entry { char *name; char **aliases; int addrtype, length; char **addr_list; };
struct serv_entry { char *name; char **aliases; int port; char *proto; };
struct io_vec { void *base; unsigned long len; };
struct msg_header { void *name; unsigned namelen; struct io_vec *iov; unsigned long iovlen; void *control; unsigned long controllen; int flags; };
struct poll_fd { int fd; short events, revents; };
struct ep_event { unsigned events; void *ptr; } __attribute__((packed));
struct time_val { long sec, usec; };
struct r_limit { unsigned long cur, max; };
struct r_usage { struct time_val utime, stime; long rest[14]; };
struct uts_name { char field[6][65]; };
struct if_addrs;
struct pass_wd { char *name, *passwd; unsigned uid, gid; char *gecos, *dir, *shell; };
struct group_entry { char *name, *passwd; unsigned gid; char **mem; };
struct term_io { unsigned iflag, oflag, cflag, lflag; unsigned char line, cc[32]; unsigned ispeed, ospeed; };
struct dl_info { const char *fname; void *fbase; const char *sname; void *saddr; };
struct regex_buf { unsigned char opaque[64]; };
struct reg_match { int so, eo; };
struct cpu_mask { unsigned long bits[16]; };
struct sem_buf { long opaque[4]; };
struct dir_stream;
struct dir_entry;
struct tms_buf { long utime, stime, cutime, cstime; };
struct umem_reg { void *addr; unsigned long long len; unsigned chunk_size, headroom, flags; };
extern char **environ;

extern int pipe(int fds[2]);
extern int pipe2(int fds[2], int flags);
extern int dup3(int from, int to, int flags);
extern int fsync(int fd);
extern int fdatasync(int fd);
extern void sync(void);
extern int truncate(const char *path, long len);
extern int ftruncate(int fd, long len);
extern int symlink(const char *target, const char *path);
extern int link(const char *from, const char *to);
extern int symlinkat(const char *target, int dirfd, const char *path);
extern int linkat(int fromfd, const char *from, int tofd, const char *to, int flags);
extern int renameat(int fromfd, const char *from, int tofd, const char *to);
extern int renameat2(int fromfd, const char *from, int tofd, const char *to, unsigned flags);
extern int unlinkat(int dirfd, const char *path, int flags);
extern long readlinkat(int dirfd, const char *path, char *buf, unsigned long n);
extern int faccessat(int dirfd, const char *path, int mode, int flags);
extern int fchmodat(int dirfd, const char *path, unsigned mode, int flags);
extern int fchmod(int fd, unsigned mode);
extern int chown(const char *path, unsigned uid, unsigned gid);
extern int lchown(const char *path, unsigned uid, unsigned gid);
extern int fchown(int fd, unsigned uid, unsigned gid);
extern int fchownat(int dirfd, const char *path, unsigned uid, unsigned gid, int flags);
extern int mkdirat(int dirfd, const char *path, unsigned mode);
extern int mkfifo(const char *path, unsigned mode);
extern int mkfifoat(int dirfd, const char *path, unsigned mode);
extern int mknod(const char *path, unsigned mode, unsigned long dev);
extern int mknodat(int dirfd, const char *path, unsigned mode, unsigned long dev);
extern int openat(int dirfd, const char *path, int flags, ...);
extern int creat(const char *path, unsigned mode);
extern int __open_2(const char *path, int flags);
extern int __openat_2(int dirfd, const char *path, int flags);
extern int chroot(const char *path);
extern int fchdir(int fd);
extern unsigned umask(unsigned mask);
extern int fstatat(int dirfd, const char *path, struct file_info *st, int flags);
extern int statvfs(const char *path, struct fs_info *st);
extern int fstatvfs(int fd, struct fs_info *st);
extern int statfs(const char *path, struct fs_info *st);
extern int fstatfs(int fd, struct fs_info *st);
extern int utime(const char *path, const struct time_val *times);
extern int utimes(const char *path, const struct time_val times[2]);
extern int lutimes(const char *path, const struct time_val times[2]);
extern int futimes(int fd, const struct time_val times[2]);
extern int futimens(int fd, const struct timespec times[2]);
extern int utimensat(int dirfd, const char *path, const struct timespec times[2], int flags);
extern int flock(int fd, int op);
extern int lockf(int fd, int cmd, long len);
extern int fcntl(int fd, int cmd, ...);
extern int posix_fadvise(int fd, long off, long len, int advice);
extern int posix_fallocate(int fd, long off, long len);
extern int gethostname(char *buf, unsigned long n);
extern int sethostname(const char *name, unsigned long n);
extern int getdomainname(char *buf, unsigned long n);
extern int getlogin_r(char *buf, unsigned long n);
extern char *getlogin(void);
extern char *ttyname(int fd);
extern int ttyname_r(int fd, char *buf, unsigned long n);
extern unsigned long confstr(int name, char *buf, unsigned long n);
extern long sysconf(int name);
extern long pathconf(const char *path, int name);
extern long fpathconf(int fd, int name);
extern int getpagesize(void);
extern int get_nprocs(void);
extern int get_nprocs_conf(void);
extern int getgroups(int n, unsigned list[]);
extern int setgroups(unsigned long n, const unsigned list[]);
extern int getresuid(unsigned *r, unsigned *e, unsigned *s);
extern int getresgid(unsigned *r, unsigned *e, unsigned *s);
extern unsigned getuid(void), geteuid(void), getgid(void), getegid(void);
extern int getppid(void), getpgrp(void), getpgid(int pid), getsid(int pid), setsid(void), setpgid(int pid, int pgid);
extern int setuid(unsigned uid), setgid(unsigned gid), seteuid(unsigned uid), setegid(unsigned gid);
extern int setreuid(unsigned r, unsigned e), setregid(unsigned r, unsigned e);
extern int nice(int inc);
extern int getpriority(int which, unsigned who);
extern int setpriority(int which, unsigned who, int prio);
extern int fork(void);
extern void _exit(int status);
extern unsigned alarm(unsigned seconds);
extern int pause(void);
extern int execv(const char *path, char *const argv[]);
extern int execvp(const char *file, char *const argv[]);
extern int execve(const char *path, char *const argv[], char *const envp[]);
extern int execvpe(const char *file, char *const argv[], char *const envp[]);
extern int fexecve(int fd, char *const argv[], char *const envp[]);
extern int execl(const char *path, const char *arg, ...);
extern int execlp(const char *file, const char *arg, ...);
extern int execle(const char *path, const char *arg, ...);
extern int posix_spawn(int *pid, const char *path, const void *actions, const void *attr, char *const argv[], char *const envp[]);
extern int posix_spawnp(int *pid, const char *file, const void *actions, const void *attr, char *const argv[], char *const envp[]);
extern int wait(int *status);
extern int waitpid(int pid, int *status, int options);
extern int waitid(int idtype, unsigned id, siginfo_t *info, int options);
extern int wait3(int *status, int options, struct r_usage *usage);
extern int wait4(int pid, int *status, int options, struct r_usage *usage);
extern int getrlimit(int resource, struct r_limit *rl);
extern int setrlimit(int resource, const struct r_limit *rl);
extern int prlimit(int pid, int resource, const struct r_limit *next, struct r_limit *old);
extern int getrusage(int who, struct r_usage *usage);
extern long times(struct tms_buf *buf);
extern int uname(struct uts_name *u);
extern int getitimer(int which, struct time_val it[2]);
extern int setitimer(int which, const struct time_val next[2], struct time_val old[2]);
extern int settimeofday(const struct time_val *tv, const void *tz);
extern int getrandom(void *buf, unsigned long n, unsigned flags);
extern int getentropy(void *buf, unsigned long n);
extern int sched_getaffinity(int pid, unsigned long size, struct cpu_mask *mask);
extern int sched_setaffinity(int pid, unsigned long size, const struct cpu_mask *mask);
extern int sched_getcpu(void);
extern int socket(int domain, int type, int protocol);
extern int socketpair(int domain, int type, int protocol, int sv[2]);
extern int bind(int fd, const struct sock_addr *addr, unsigned len);
extern int connect(int fd, const struct sock_addr *addr, unsigned len);
extern int listen(int fd, int backlog);
extern int accept(int fd, struct sock_addr *addr, unsigned *len);
extern int accept4(int fd, struct sock_addr *addr, unsigned *len, int flags);
extern int shutdown(int fd, int how);
extern int getsockname(int fd, struct sock_addr *addr, unsigned *len);
extern int getpeername(int fd, struct sock_addr *addr, unsigned *len);
extern int getsockopt(int fd, int level, int name, void *value, unsigned *len);
extern int setsockopt(int fd, int level, int name, const void *value, unsigned len);
extern long sendmsg(int fd, const struct msg_header *msg, int flags);
extern long writev(int fd, const struct io_vec *iov, int n);
extern long sendfile(int out, int in, long *offset, unsigned long n);
extern long splice(int in, long *inoff, int out, long *outoff, unsigned long n, unsigned flags);
extern long tee(int in, int out, unsigned long n, unsigned flags);
extern int getaddrinfo(const char *node, const char *service, const struct addr_info *hints, struct addr_info **res);
extern void freeaddrinfo(struct addr_info *res);
extern const char *gai_strerror(int code);
extern int getnameinfo(const struct sock_addr *sa, unsigned salen, char *host, unsigned hostlen, char *serv, unsigned servlen, int flags);
extern int inet_pton(int af, const char *src, void *dst);
extern const char *inet_ntop(int af, const void *src, char *dst, unsigned n);
extern int inet_aton(const char *cp, struct in_address *out);
extern unsigned inet_addr(const char *cp);
extern unsigned inet_network(const char *cp);
extern char *inet_ntoa(struct in_address in);
extern unsigned htonl(unsigned v), ntohl(unsigned v);
extern unsigned short htons(unsigned short v), ntohs(unsigned short v);
extern unsigned if_nametoindex(const char *name);
extern char *if_indextoname(unsigned index, char *name);
extern struct host_entry *gethostbyname(const char *name);
extern struct host_entry *gethostbyname2(const char *name, int af);
extern struct host_entry *gethostbyaddr(const void *addr, unsigned len, int type);
extern struct serv_entry *getservbyname(const char *name, const char *proto);
extern struct serv_entry *getservbyport(int port, const char *proto);
extern const char *hstrerror(int err);
extern int getifaddrs(struct if_addrs **list);
extern void freeifaddrs(struct if_addrs *list);
extern int poll(struct poll_fd *fds, unsigned long n, int timeout);
extern int ppoll(struct poll_fd *fds, unsigned long n, const struct timespec *timeout, const sigset_t *mask);
extern int epoll_create1(int flags);
extern int epoll_wait(int ep, struct ep_event *events, int n, int timeout);
extern int epoll_pwait(int ep, struct ep_event *events, int n, int timeout, const sigset_t *mask);
extern int eventfd(unsigned initval, int flags);
extern int eventfd_read(int fd, unsigned long *value);
extern int timerfd_create(int clock, int flags);
extern int timerfd_settime(int fd, int flags, const struct itimerspec *next, struct itimerspec *old);
extern int timerfd_gettime(int fd, struct itimerspec *now);
extern int signalfd(int fd, const sigset_t *mask, int flags);
extern int inotify_init1(int flags);
extern int inotify_add_watch(int fd, const char *path, unsigned mask);
extern int inotify_rm_watch(int fd, int wd);
extern int memfd_create(const char *name, unsigned flags);
extern int shm_open(const char *name, int flags, unsigned mode);
extern int shm_unlink(const char *name);
extern int mlock(const void *addr, unsigned long n);
extern int munlock(const void *addr, unsigned long n);
extern int madvise(void *addr, unsigned long n, int advice);
extern int mincore(void *addr, unsigned long n, unsigned char *vec);
extern int mprotect(void *addr, unsigned long n, int prot);
extern int msync(void *addr, unsigned long n, int flags);
extern int munmap(void *addr, unsigned long n);
extern int tcgetattr(int fd, struct term_io *t);
extern int tcsetattr(int fd, int when, const struct term_io *t);
extern void cfmakeraw(struct term_io *t);
extern unsigned cfgetospeed(const struct term_io *t), cfgetispeed(const struct term_io *t);
extern int cfsetospeed(struct term_io *t, unsigned speed), cfsetispeed(struct term_io *t, unsigned speed);
extern int tcflush(int fd, int queue), tcdrain(int fd), tcflow(int fd, int action), tcsendbreak(int fd, int duration);
extern int tcgetpgrp(int fd), tcsetpgrp(int fd, int pgrp);
extern void *dlopen(const char *file, int flags);
extern void *dlsym(void *handle, const char *name);
extern char *dlerror(void);
extern int dladdr(const void *addr, struct dl_info *info);
extern int dlclose(void *handle);
extern int regcomp(struct regex_buf *re, const char *pattern, int flags);
extern int regexec(const struct regex_buf *re, const char *s, unsigned long n, struct reg_match m[], int flags);
extern unsigned long regerror(int code, const struct regex_buf *re, char *buf, unsigned long n);
extern void regfree(struct regex_buf *re);
extern int fnmatch(const char *pattern, const char *s, int flags);
extern struct pass_wd *getpwnam(const char *name);
extern struct pass_wd *getpwuid(unsigned uid);
extern struct pass_wd *getpwent(void);
extern void setpwent(void), endpwent(void);
extern struct group_entry *getgrnam(const char *name);
extern struct group_entry *getgrgid(unsigned gid);
extern struct group_entry *getgrent(void);
extern void setgrent(void), endgrent(void);
extern void syslog(int pri, const char *fmt, ...);
extern void closelog(void);
extern int setlogmask(int mask);
extern int dirfd(struct dir_stream *d);
extern void rewinddir(struct dir_stream *d);
extern long telldir(struct dir_stream *d);
extern void seekdir(struct dir_stream *d, long where);
extern int alphasort(const struct dir_entry **a, const struct dir_entry **b);
extern int versionsort(const struct dir_entry **a, const struct dir_entry **b);
extern int sem_init(struct sem_buf *s, int shared, unsigned value);
extern int sem_wait(struct sem_buf *s), sem_trywait(struct sem_buf *s), sem_post(struct sem_buf *s);
extern int sem_timedwait(struct sem_buf *s, const struct timespec *until);
extern int sem_getvalue(struct sem_buf *s, int *value);
extern int sem_destroy(struct sem_buf *s);
extern int sem_close(struct sem_buf *s);
extern int sem_unlink(const char *name);
extern int pthread_getname_np(pthread_t t, char *buf, unsigned long n);
extern int pthread_setname_np(pthread_t t, const char *name);
extern int pthread_getattr_np(pthread_t t, pthread_attr_t *attr);
extern struct serv_entry *getprotobyname(const char *name);
extern struct serv_entry *getprotobynumber(int proto);
extern char *getpass(const char *prompt);
extern int inotify_init(void);
extern int epoll_create(int size);
extern int sched_yield(void);
extern int *__h_errno_location(void);
extern void vsyslog(int pri, const char *fmt, va_list ap);
struct lock_range { short type, whence; long start, len; int pid; };
/* The checking entry points of glibc's fortified headers. */
extern long __pread_chk(int fd, void *buf, unsigned long n, long off, unsigned long size);
extern long __recv_chk(int fd, void *buf, unsigned long n, unsigned long size, int flags);
extern long __recvfrom_chk(int fd, void *buf, unsigned long n, unsigned long size, int flags, struct sock_addr *from, unsigned *len);
extern long __readlink_chk(const char *path, char *buf, unsigned long n, unsigned long size);
extern long __readlinkat_chk(int dirfd, const char *path, char *buf, unsigned long n, unsigned long size);
extern int __poll_chk(struct poll_fd *fds, unsigned long n, int timeout, unsigned long size);
extern char *__getcwd_chk(char *buf, unsigned long n, unsigned long size);
extern int __gethostname_chk(char *buf, unsigned long n, unsigned long size);
extern int __getdomainname_chk(char *buf, unsigned long n, unsigned long size);
extern int __getlogin_r_chk(char *buf, unsigned long n, unsigned long size);
extern int __ttyname_r_chk(int fd, char *buf, unsigned long n, unsigned long size);
extern int __ptsname_r_chk(int fd, char *buf, unsigned long n, unsigned long size);
extern unsigned long __confstr_chk(int name, char *buf, unsigned long n, unsigned long size);
extern int __getgroups_chk(int n, unsigned list[], unsigned long size);
extern void __explicit_bzero_chk(void *buf, unsigned long n, unsigned long size);
extern long __fdelt_chk(long fd);
extern void __syslog_chk(int pri, int flag, const char *fmt, ...);
extern void __vsyslog_chk(int pri, int flag, const char *fmt, va_list ap);
extern void keep_somewhere(void *p);

const char *g_text;
char *g_name;
char *g_dir;

/* Paths and names only read ("nr", "nr.", "nr..", "nrr", "nr.r", "n.r.", "n.r..", "n.r...",
 * "n.r.r", "n.r.r.", "n.rr.", "n.r"). */
int install(int dirfd, const char *dir, const char *name) /* { escinfo noleak "dir" } { escinfo noleak "name" } */
{
  char path[256]; /* { escinfo noescape "path" } */
  char link_path[256]; /* { escinfo noescape "link_path" } */
  struct timespec times[2] = {{0, 0}, {0, 0}}; /* { escinfo noescape "times" } */
  struct time_val tv[2] = {{0, 0}, {0, 0}}; /* { escinfo noescape "tv" } */
  snprintf(path, sizeof path, "%s/%s", dir, name);
  snprintf(link_path, sizeof link_path, "%s.link", path);
  int r = mkdirat(dirfd, dir, 0755) + mkfifo(path, 0600) + mkfifoat(dirfd, name, 0600);
  r += mknod(path, 0600, 0) + mknodat(dirfd, name, 0600, 0) + creat(path, 0644) + openat(dirfd, name, 0, 0644);
  r += __open_2(path, 0) + __openat_2(dirfd, name, 0) + truncate(path, 0) + chroot(dir);
  r += symlink(path, link_path) + link(path, link_path) + symlinkat(path, dirfd, name);
  r += linkat(dirfd, name, dirfd, link_path, 0) + renameat(dirfd, name, dirfd, link_path);
  r += renameat2(dirfd, link_path, dirfd, name, 0) + unlinkat(dirfd, link_path, 0);
  r += faccessat(dirfd, name, 4, 0) + fchmodat(dirfd, name, 0644, 0) + fchownat(dirfd, name, 0, 0, 0);
  r += chown(path, 0, 0) + lchown(link_path, 0, 0) + utimensat(dirfd, name, times, 0);
  r += utime(path, tv) + utimes(path, tv) + lutimes(link_path, tv);
  return r + (int)pathconf(path, 1);
}

/* Descriptors only: numbers ("n.", "n..", "n...", "n...."). */
int tidy(int fd, int other)
{
  int r = fsync(fd) + fdatasync(fd) + ftruncate(fd, 0) + fchmod(fd, 0600) + fchown(fd, 0, 0);
  r += flock(fd, 2) + lockf(fd, 0, 0) + posix_fadvise(fd, 0, 0, 0) + posix_fallocate(fd, 0, 1);
  r += dup3(fd, other, 0) + fchdir(fd) + (int)fpathconf(fd, 1) + (int)umask(022);
  sync();
  return r + getpagesize() + get_nprocs() + get_nprocs_conf() + (int)sysconf(30);
}

/* Filled with plain data ("no", "no.", "n.o", "n.o.", "n.ro.", "nro", "n.ro", "nooo"). */
long describe_file(int dirfd, const char *name, int fd) /* { escinfo noleak "name" } */
{
  struct file_info st; /* { escinfo noescape "st" } */
  struct fs_info fs, fs2, fs3, fs4; /* { escinfo noescape "fs" } { escinfo noescape "fs2" } { escinfo noescape "fs3" } { escinfo noescape "fs4" } */
  char target[256]; /* { escinfo noescape "target" } */
  if (fstatat(dirfd, name, &st, 0) != 0 || statvfs(name, &fs) != 0 || fstatvfs(fd, &fs2) != 0)
    return -1;
  statfs(name, &fs3);
  fstatfs(fd, &fs4);
  return (long)st.raw[6] + (long)fs.raw[0] + readlinkat(dirfd, name, target, sizeof target);
}

int pipes(int fds[4]) /* { escinfo noleak "fds" } */
{
  int sv[2]; /* { escinfo noescape "sv" } */
  int r = pipe(fds) + pipe2(fds + 2, 0) + socketpair(1, 1, 0, sv);
  return r + sv[0];
}

size_t who_am_i(void)
{
  char host[64], domain[64], login[64], tty[64], path[64]; /* { escinfo noescape "host" } { escinfo noescape "domain" } { escinfo noescape "login" } { escinfo noescape "tty" } { escinfo noescape "path" } */
  unsigned groups[32]; /* { escinfo noescape "groups" } */
  unsigned ru, eu, su, rg, eg, sg; /* { escinfo noescape "ru" } { escinfo noescape "eu" } { escinfo noescape "su" } { escinfo noescape "rg" } { escinfo noescape "eg" } { escinfo noescape "sg" } */
  struct uts_name u; /* { escinfo noescape "u" } */
  gethostname(host, sizeof host);
  getdomainname(domain, sizeof domain);
  getlogin_r(login, sizeof login);
  ttyname_r(0, tty, sizeof tty);
  confstr(0, path, sizeof path);
  uname(&u);
  int n = getgroups(32, groups);
  getresuid(&ru, &eu, &su);
  getresgid(&rg, &eg, &sg);
  return strlen(host) + strlen(domain) + (size_t)n + ru + eu + su + rg + eg + sg + strlen(getlogin()) + strlen(ttyname(0));
}

int become(const char *host, unsigned uid, unsigned gid) /* { escinfo noleak "host" } */
{
  unsigned list[1] = {gid}; /* { escinfo noescape "list" } */
  int r = sethostname(host, strlen(host)) + setgroups(1, list) + setgid(gid) + setuid(uid);
  r += setegid(gid) + seteuid(uid) + setregid(gid, gid) + setreuid(uid, uid) + setsid() + setpgid(0, 0);
  r += (int)getuid() + (int)geteuid() + (int)getgid() + (int)getegid() + getppid() + getpgrp() + getpgid(0) + getsid(0);
  return r + nice(1) + getpriority(0, 0) + setpriority(0, 0, 1);
}

/* Resources and times ("n.o", "n.r", "n..ro", "n.ro", "no", "nrr"). */
long usage(void)
{
  struct r_limit lim, old; /* { escinfo noescape "lim" } { escinfo noescape "old" } */
  struct r_usage ru; /* { escinfo noescape "ru" } */
  struct tms_buf t; /* { escinfo noescape "t" } */
  struct time_val it[2], before[2], now; /* { escinfo noescape "it" } { escinfo noescape "before" } { escinfo noescape "now" } */
  getrlimit(7, &lim);
  setrlimit(7, &lim);
  prlimit(0, 7, &lim, &old);
  getrusage(0, &ru);
  getitimer(0, it);
  setitimer(0, it, before);
  now.sec = 0;
  now.usec = 0;
  settimeofday(&now, NULL);
  return times(&t) + ru.utime.sec + (long)old.cur + before[0].sec;
}

/* Random bytes read as a pointer point anywhere ("no.."). */
void store_through_random(void)
{
  int z = 1; /* { escinfo escape.store "z" dangling } */
  int *slot[1]; /* { escinfo noescape "slot" } */
  if (getrandom(slot, sizeof slot, 0) == sizeof slot && getentropy(slot, sizeof slot) == 0)
    *(int **)slot[0] = &z;
}

/* Processes: argument vectors only read ("nrr", "nrrr", "n.rr", "norrrrr"); statuses filled
 * ("no", "n.o.", "n..o.", "no.o", "n.o.o"). */
int run_shell(const char *cmd) /* { escinfo noleak "cmd" } */
{
  char *argv[] = {"sh", "-c", (char *)cmd, NULL}; /* { escinfo noescape "argv" } */
  int pid; /* { escinfo noescape "pid" } */
  if (posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, environ) != 0 && posix_spawnp(&pid, "sh", NULL, NULL, argv, environ) != 0)
    return -1;
  if (fork() == 0) {
    execv("/bin/sh", argv);
    execvp("sh", argv);
    execve("/bin/sh", argv, environ);
    execvpe("sh", argv, environ);
    fexecve(3, argv, environ);
    execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
    execlp("sh", "sh", "-c", cmd, (char *)NULL);
    execle("/bin/sh", "sh", "-c", cmd, (char *)NULL, environ);
    _exit(127);
  }
  return pid;
}

int reap(int pid)
{
  int status = 0, again = 0, third = 0, fourth = 0; /* { escinfo noescape "status" } { escinfo noescape "again" } { escinfo noescape "third" } { escinfo noescape "fourth" } */
  siginfo_t info; /* { escinfo noescape "info" } */
  struct r_usage ru, ru2; /* { escinfo noescape "ru" } { escinfo noescape "ru2" } */
  waitpid(pid, &status, 0);
  wait(&again);
  waitid(1, (unsigned)pid, &info, 4);
  wait3(&third, 1, &ru);
  wait4(pid, &fourth, 1, &ru2);
  return status + again + third + fourth + info.si_pid;
}

/* Addresses of peers and options: read or filled ("n.r.", "n.oo", "n.oo.", "n...oo", "n...o"). */
int serve(const struct sock_addr *where, unsigned len) /* { escinfo noleak "where" } */
{
  struct sock_addr peer, self, other; /* { escinfo noescape "peer" } { escinfo noescape "self" } { escinfo noescape "other" } */
  unsigned plen = sizeof peer, slen = sizeof self, olen = sizeof other; /* { escinfo noescape "plen" } { escinfo noescape "slen" } { escinfo noescape "olen" } */
  int err = 0; /* { escinfo noescape "err" } */
  unsigned elen = sizeof err; /* { escinfo noescape "elen" } */
  int one = 1; /* { escinfo noescape "one" } */
  int fd = socket(2, 1, 0);
  setsockopt(fd, 1, 2, &one, sizeof one);
  if (bind(fd, where, len) != 0 || listen(fd, 16) != 0)
    return -1;
  int c = accept(fd, &peer, &plen);
  int d = accept4(fd, &other, &olen, 0);
  getsockname(c, &self, &slen);
  getpeername(d, &other, &olen);
  getsockopt(c, 1, 4, &err, &elen);
  shutdown(d, 2);
  return connect(d, &peer, plen) + err;
}

/* An option the kernel keeps: the address in it escapes ("n...w."). */
int register_area(int fd)
{
  char scratch[4096]; /* { escinfo escape.unknown "scratch" } { escinfo-flow "scratch" "'setsockopt'" } */
  struct umem_reg reg = {scratch, sizeof scratch, 2048, 0, 0}; /* { escinfo noescape "reg" } */
  return setsockopt(fd, 283, 4, &reg, sizeof reg);
}

/* Sent by the kernel: the buffers an iovec or a msghdr points to, and the addresses among their
 * bytes, escape ("n.w."). */
long written_vector(int fd)
{
  int x = 2; /* { escinfo escape.unknown "x" } */
  int *p = &x; /* { escinfo noescape "p" xfail "writev sends the bytes of the buffers, not their addresses: the model sends the iovec itself" } */
  struct io_vec v = {&p, sizeof p}; /* { escinfo noescape "v" } */
  return writev(fd, &v, 1);
}

long sent_message(int fd)
{
  char head[8] = "HDR"; /* { escinfo noescape "head" xfail "sendmsg sends the bytes of the buffers, not their addresses: the model sends the msghdr itself" } */
  struct io_vec parts[1] = {{head, 3}}; /* { escinfo noescape "parts" xfail "sendmsg sends the bytes of the buffers, not the iovec: the model sends the msghdr itself" } */
  struct msg_header msg = {NULL, 0, parts, 1, NULL, 0, 0}; /* { escinfo noescape "msg" } */
  return sendmsg(fd, &msg, 0);
}

long copy_between(int in, int out, unsigned long n)
{
  long off = 0, from = 0, to = 0; /* { escinfo noescape "off" } { escinfo noescape "from" } { escinfo noescape "to" } */
  long r = sendfile(out, in, &off, n);
  r += splice(in, &from, out, &to, n, 0);
  return r + tee(in, out, n, 0);
}

/* Names resolved: the library fills its own memory ("nrrro", "nr", "nr.o.o.", "u."). */
int resolve(const char *host, const char *port) /* { escinfo noleak "host" } { escinfo noleak "port" } */
{
  struct addr_info hints; /* { escinfo noescape "hints" } */
  struct addr_info *res = NULL; /* { escinfo noescape "res" } */
  char name[64], serv[16]; /* { escinfo noescape "name" } { escinfo noescape "serv" } */
  memset(&hints, 0, sizeof hints);
  int r = getaddrinfo(host, port, &hints, &res);
  if (r != 0)
    return (int)strlen(gai_strerror(r));
  r = getnameinfo(res->addr, res->len, name, sizeof name, serv, sizeof serv, 0);
  freeaddrinfo(res);
  return r;
}

/* inet_ntop returns its third argument ("3.ro."), if_indextoname its second ("2.o"). */
void remember_address(const void *raw) /* { escinfo noleak "raw" } */
{
  char text[46]; /* { escinfo escape.global "text" dangling } { escinfo-flow "text" "'inet_ntop'" } */
  g_text = inet_ntop(10, raw, text, sizeof text);
}

void remember_interface(unsigned index)
{
  char name[16]; /* { escinfo escape.global "name" dangling } */
  g_name = if_indextoname(index, name);
}

unsigned parse_addresses(const char *s) /* { escinfo noleak "s" } */
{
  unsigned char buf[16]; /* { escinfo noescape "buf" } */
  struct in_address in; /* { escinfo noescape "in" } */
  int ok = inet_pton(10, s, buf) + inet_aton(s, &in);
  g_text = inet_ntoa(in);
  return (unsigned)ok + inet_addr(s) + inet_network(s) + htonl(1) + ntohl(2) + htons(3) + ntohs(4) + if_nametoindex(s);
}

/* Lookups into the library's memory ("ur", "ur.", "ur..", "urr", "u.r", "u."). */
int lookups(void)
{
  char host[16] = "localhost"; /* { escinfo noescape "host" } */
  char serv[8] = "http", proto[8] = "tcp"; /* { escinfo noescape "serv" } { escinfo noescape "proto" } */
  unsigned char addr[4] = {127, 0, 0, 1}; /* { escinfo noescape "addr" } */
  struct host_entry *a = gethostbyname(host);
  struct host_entry *b = gethostbyname2(host, 2);
  struct host_entry *c = gethostbyaddr(addr, sizeof addr, 2);
  struct serv_entry *s = getservbyname(serv, proto);
  struct serv_entry *t = getservbyport(80, proto);
  return (a != NULL) + (b != NULL) + (c != NULL) + (s != NULL) + (t != NULL) + (int)strlen(hstrerror(1));
}

int list_interfaces(void)
{
  struct if_addrs *list = NULL; /* { escinfo noescape "list" } */
  if (getifaddrs(&list) != 0)
    return -1;
  freeifaddrs(list);
  return 0;
}

/* Polling fills plain data ("no..", "no.rr", "n.oooo", "n.ooorr", "n.o..", "n.o..r"). */
int wait_ready(int fd, const sigset_t *mask) /* { escinfo noleak "mask" } */
{
  struct poll_fd fds[1] = {{fd, 1, 0}}; /* { escinfo noescape "fds" } */
  fd_set r, w, e; /* { escinfo noescape "r" } { escinfo noescape "w" } { escinfo noescape "e" } */
  struct timeval tv = {1, 0}; /* { escinfo noescape "tv" } */
  struct timespec ts = {1, 0}; /* { escinfo noescape "ts" } */
  struct ep_event evs[4]; /* { escinfo noescape "evs" } */
  memset(&r, 0, sizeof r);
  memset(&w, 0, sizeof w);
  memset(&e, 0, sizeof e);
  int n = poll(fds, 1, 100) + ppoll(fds, 1, &ts, mask);
  n += select(fd + 1, &r, &w, &e, &tv) + pselect(fd + 1, &r, &w, &e, &ts, mask);
  int ep = epoll_create1(0);
  return n + epoll_pwait(ep, evs, 4, 0, mask);
}

/* What epoll_wait gives back was registered with epoll_ctl: it points anywhere. */
struct conn {
  int *last;
};

void dispatch(int ep)
{
  int seen = 0; /* { escinfo escape.store "seen" dangling } */
  struct ep_event evs[8]; /* { escinfo noescape "evs" } */
  int n = epoll_wait(ep, evs, 8, -1);
  for (int i = 0; i < n; i++) {
    struct conn *c = evs[i].ptr;
    c->last = &seen;
  }
}

/* Linux descriptors for events ("n..", "n.o", "n..ro", "n.r.", "nr.", "nr.."). */
long event_sources(const sigset_t *mask, const char *dir) /* { escinfo noleak "mask" } { escinfo noleak "dir" } */
{
  unsigned long count = 0; /* { escinfo noescape "count" } */
  struct itimerspec next = {{1, 0}, {1, 0}}, old, now; /* { escinfo noescape "next" } { escinfo noescape "old" } { escinfo noescape "now" } */
  char name[16] = "escinfo"; /* { escinfo noescape "name" } */
  int ev = eventfd(0, 0);
  eventfd_read(ev, &count);
  int tfd = timerfd_create(1, 0);
  timerfd_settime(tfd, 0, &next, &old);
  timerfd_gettime(tfd, &now);
  int in = inotify_init1(0);
  int wd = inotify_add_watch(in, dir, 2);
  inotify_rm_watch(in, wd);
  int sfd = signalfd(-1, mask, 0);
  int mfd = memfd_create(name, 0) + shm_open(name, 0, 0) + shm_unlink(name);
  return (long)count + now.it_value.tv_sec + sfd + mfd;
}

/* Memory the kernel maps: the address is a number to it ("n..", "n...", "no..", "n..o"). */
int pin(void *page, unsigned long n) /* { escinfo noleak "page" } */
{
  unsigned char vec[16]; /* { escinfo noescape "vec" } */
  int r = mlock(page, n) + mincore(page, n, vec) + madvise(page, n, 4) + mprotect(page, n, 3);
  r += msync(page, n, 4) + munlock(page, n);
  return r + munmap(page, n) + vec[0];
}

/* Terminals ("n.o", "n..r", "no", "nr", "no.", "n.."). */
int raw_mode(int fd)
{
  struct term_io t; /* { escinfo noescape "t" } */
  if (tcgetattr(fd, &t) != 0)
    return -1;
  cfmakeraw(&t);
  cfsetospeed(&t, cfgetospeed(&t));
  cfsetispeed(&t, cfgetispeed(&t));
  tcflush(fd, 0);
  tcdrain(fd);
  tcflow(fd, 1);
  tcsendbreak(fd, 0);
  tcsetpgrp(fd, tcgetpgrp(fd));
  return tcsetattr(fd, 0, &t);
}

/* Signal sets: filled and read ("no", "no.", "nr.", "n.ro", "nr", "nro", "nror", "n.r"). */
int wait_for_signal(int sig)
{
  sigset_t set, old, pending; /* { escinfo noescape "set" } { escinfo noescape "old" } { escinfo noescape "pending" } */
  siginfo_t info, more; /* { escinfo noescape "info" } { escinfo noescape "more" } */
  struct timespec limit = {1, 0}; /* { escinfo noescape "limit" } */
  int got = 0; /* { escinfo noescape "got" } */
  char label[16] = "waiting"; /* { escinfo noescape "label" } */
  sigemptyset(&set);
  sigfillset(&pending);
  sigaddset(&set, sig);
  sigdelset(&pending, sig);
  sigprocmask(SIG_BLOCK, &set, &old);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  sigpending(&pending);
  if (sigismember(&pending, sig))
    sigwait(&set, &got);
  sigwaitinfo(&set, &info);
  sigtimedwait(&set, &more, &limit);
  psignal(sig, label);
  psiginfo(&info, label);
  raise(0);
  kill(0, 0);
  killpg(0, 0);
  alarm(0);
  if (sig < 0)
    pause();
  return sigsuspend(&old) + got;
}

/* Threads: attributes, locks and semaphores only read and written ("no", "nor", "nor.", "no.",
 * "nro", "n.o", "n.oo", "n..r", "n.o.", "n.r", "n..", "n."). */
int make_recursive(pthread_mutex_t *m) /* { escinfo noleak "m" } */
{
  pthread_mutexattr_t attr; /* { escinfo noescape "attr" } */
  int kind = 0; /* { escinfo noescape "kind" } */
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_PRIVATE);
  pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_STALLED);
  pthread_mutexattr_gettype(&attr, &kind);
  int r = pthread_mutex_init(m, &attr);
  pthread_mutexattr_destroy(&attr);
  return r + kind;
}

void release(pthread_mutex_t *m) /* { escinfo noleak "m" } */
{
  pthread_mutex_unlock(m);
}

void retire(pthread_mutex_t *m) /* { escinfo noleak "m" } */
{
  pthread_mutex_destroy(m);
}

int counted(int *shared) /* { escinfo noleak "shared" } */
{
  pthread_rwlock_t lock; /* { escinfo noescape "lock" } */
  pthread_spinlock_t spin; /* { escinfo noescape "spin" } */
  pthread_rwlock_init(&lock, NULL);
  pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
  if (pthread_rwlock_tryrdlock(&lock) != 0)
    pthread_rwlock_rdlock(&lock);
  int v = *shared;
  pthread_rwlock_unlock(&lock);
  if (pthread_rwlock_trywrlock(&lock) != 0)
    pthread_rwlock_wrlock(&lock);
  ++*shared;
  pthread_rwlock_unlock(&lock);
  if (pthread_spin_trylock(&spin) != 0)
    pthread_spin_lock(&spin);
  pthread_spin_unlock(&spin);
  pthread_spin_destroy(&spin);
  pthread_rwlock_destroy(&lock);
  return v;
}

void signal_all(void)
{
  pthread_cond_t cond; /* { escinfo noescape "cond" } */
  pthread_condattr_t ca; /* { escinfo noescape "ca" } */
  pthread_barrier_t barrier; /* { escinfo noescape "barrier" } */
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_PRIVATE);
  pthread_cond_init(&cond, &ca);
  pthread_cond_signal(&cond);
  pthread_cond_broadcast(&cond);
  pthread_cond_destroy(&cond);
  pthread_condattr_destroy(&ca);
  pthread_barrier_init(&barrier, NULL, 1);
  pthread_barrier_wait(&barrier);
  pthread_barrier_destroy(&barrier);
}

size_t thread_facts(pthread_t other)
{
  pthread_attr_t attr, mine; /* { escinfo noescape "attr" } { escinfo noescape "mine" } */
  int state = 0, policy = 0, old = 0, oldtype = 0; /* { escinfo noescape "state" } { escinfo noescape "policy" } { escinfo noescape "old" } { escinfo noescape "oldtype" } */
  size_t stack = 0, guard = 0; /* { escinfo noescape "stack" } { escinfo noescape "guard" } */
  struct sched_param param; /* { escinfo noescape "param" } */
  clockid_t clock; /* { escinfo noescape "clock" } */
  char name[16]; /* { escinfo noescape "name" } */
  char next[16] = "worker"; /* { escinfo noescape "next" } */
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_JOINABLE);
  pthread_attr_getdetachstate(&attr, &state);
  pthread_attr_getstacksize(&attr, &stack);
  pthread_attr_getguardsize(&attr, &guard);
  pthread_attr_destroy(&attr);
  pthread_getattr_np(pthread_self(), &mine);
  pthread_attr_destroy(&mine);
  pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
  pthread_setcanceltype(PTHREAD_CANCEL_DEFERRED, &oldtype);
  pthread_testcancel();
  pthread_getschedparam(other, &policy, &param);
  pthread_setschedparam(other, policy, &param);
  pthread_getcpuclockid(other, &clock);
  pthread_getname_np(other, name, sizeof name);
  pthread_setname_np(other, next);
  if (pthread_equal(other, pthread_self()))
    return 0;
  pthread_kill(other, 0);
  pthread_cancel(other);
  pthread_detach(other);
  return stack + guard + (size_t)state + strlen(name);
}

/* What a thread-specific key holds was stored by pthread_setspecific (unknown): of unknown
 * origin ("u."). */
struct context {
  int *current;
};

void set_current(pthread_key_t key)
{
  int here = 0; /* { escinfo escape.store "here" dangling } */
  struct context *c = pthread_getspecific(key);
  if (c)
    c->current = &here;
}

int forget_key(pthread_key_t key)
{
  return pthread_key_delete(key);
}

/* sem_init (and sem_open) have no model: they store a number into the semaphore, where
 * sem_getvalue reads it. */
int semaphores(const struct timespec *until, struct sem_buf *named) /* { escinfo noleak "until" } { escinfo noleak "named" } */
{
  struct sem_buf s; /* { escinfo escape.call "s" } { escinfo-flow "s" "'sem_init'" } */
  int value = 0; /* { escinfo noescape "value" } */
  char name[16] = "/esc"; /* { escinfo noescape "name" } */
  sem_init(&s, 0, 1);
  if (sem_trywait(&s) != 0 && sem_timedwait(&s, until) != 0)
    sem_wait(&s);
  sem_post(&s);
  sem_getvalue(&s, &value);
  sem_destroy(&s);
  sem_close(named);
  return value + sem_unlink(name);
}

/* The dynamic loader ("ur.", "u.r", "n.o", "u", "n."). */
void *plugin_entry(const char *file) /* { escinfo noleak "file" } */
{
  char sym[32] = "plugin_main"; /* { escinfo noescape "sym" } */
  struct dl_info info; /* { escinfo noescape "info" } */
  void *h = dlopen(file, 2);
  if (!h) {
    g_text = dlerror();
    return NULL;
  }
  void *f = dlsym(h, sym);
  if (f && dladdr(f, &info) && info.sname)
    return f;
  dlclose(h);
  return NULL;
}

/* Regular expressions and patterns: the pattern and the text only read ("nor.", "nrr.o.",
 * "n.ro.", "no", "nrr."). */
int matches(const char *pattern, const char *s) /* { escinfo noleak "pattern" } { escinfo noleak "s" } */
{
  struct regex_buf re; /* { escinfo noescape "re" } */
  struct reg_match m[2]; /* { escinfo noescape "m" } */
  char why[64]; /* { escinfo noescape "why" } */
  int r = regcomp(&re, pattern, 1);
  if (r != 0) {
    regerror(r, &re, why, sizeof why);
    return -1;
  }
  r = regexec(&re, s, 2, m, 0);
  regfree(&re);
  return r == 0 ? m[0].eo : fnmatch(pattern, s, 0);
}

/* User and group records in library memory ("ur", "u.", "u", "n"). */
size_t home_of(void)
{
  char user[16] = "root", group[16] = "wheel"; /* { escinfo noescape "user" } { escinfo noescape "group" } */
  struct pass_wd *pw = getpwnam(user);
  struct group_entry *gr = getgrnam(group);
  setpwent();
  struct pass_wd *first = getpwent();
  endpwent();
  setgrent();
  struct group_entry *g = getgrent();
  endgrent();
  return (pw ? strlen(pw->dir) : 0) + (gr != NULL) + (first != NULL) + (g != NULL) + (getpwuid(0) != NULL) + (getgrgid(0) != NULL);
}

/* Logging reads its text ("n.rr", "n"). */
void note(const char *what) /* { escinfo noleak "what" } */
{
  char where[16] = "corpus"; /* { escinfo noescape "where" } */
  setlogmask(0xff);
  syslog(6, "%s: %s", where, what);
  closelog();
}

/* Directory streams are the library's ("nr", "nr.", "nrr"). */
long rescan(struct dir_stream *d) /* { escinfo noleak "d" } */
{
  long where = telldir(d);
  rewinddir(d);
  seekdir(d, where);
  return where + dirfd(d);
}

int by_name(const struct dir_entry **a, const struct dir_entry **b) /* { escinfo noleak "a" } { escinfo noleak "b" } */
{
  int r = alphasort(a, b);
  return r ? r : versionsort(a, b);
}

/* The checking entry points glibc's fortified headers call: buffers filled ("n.o...",
 * "n.o...oo", "nro..", "n.ro..", "no...", "no..", "n.o..", "n.o."), the buffer returned
 * ("1o.."). */
void store_through_checked_read(int fd)
{
  int a = 1; /* { escinfo escape.store "a" dangling } */
  int **pp = NULL; /* { escinfo noescape "pp" } */
  if (__pread_chk(fd, &pp, sizeof pp, 0, sizeof pp) == sizeof pp)
    *pp = &a;
}

long checked_io(int fd, const char *path) /* { escinfo noleak "path" } */
{
  char buf[64], from_buf[64], link[64], link2[64]; /* { escinfo noescape "buf" } { escinfo noescape "from_buf" } { escinfo noescape "link" } { escinfo noescape "link2" } */
  struct sock_addr from; /* { escinfo noescape "from" } */
  unsigned len = sizeof from; /* { escinfo noescape "len" } */
  struct poll_fd fds[1] = {{fd, 1, 0}}; /* { escinfo noescape "fds" } */
  long n = __recv_chk(fd, buf, sizeof buf, sizeof buf, 0);
  n += __recvfrom_chk(fd, from_buf, sizeof from_buf, sizeof from_buf, 0, &from, &len);
  n += __readlink_chk(path, link, sizeof link, sizeof link);
  n += __readlinkat_chk(-100, path, link2, sizeof link2, sizeof link2);
  n += __poll_chk(fds, 1, 0, sizeof fds);
  __explicit_bzero_chk(buf, sizeof buf, sizeof buf);
  return n + __fdelt_chk(fd);
}

size_t checked_names(void)
{
  char host[64], domain[64], login[64], tty[64], pts[64], conf[64]; /* { escinfo noescape "host" } { escinfo noescape "domain" } { escinfo noescape "login" } { escinfo noescape "tty" } { escinfo noescape "pts" } { escinfo noescape "conf" } */
  unsigned groups[16]; /* { escinfo noescape "groups" } */
  __gethostname_chk(host, sizeof host, sizeof host);
  __getdomainname_chk(domain, sizeof domain, sizeof domain);
  __getlogin_r_chk(login, sizeof login, sizeof login);
  __ttyname_r_chk(0, tty, sizeof tty, sizeof tty);
  __ptsname_r_chk(3, pts, sizeof pts, sizeof pts);
  __confstr_chk(0, conf, sizeof conf, sizeof conf);
  return strlen(host) + strlen(domain) + (size_t)__getgroups_chk(16, groups, sizeof groups);
}

void remember_checked_dir(void)
{
  char dir[256]; /* { escinfo escape.global "dir" dangling } { escinfo-flow "dir" "'__getcwd_chk'" } */
  g_dir = __getcwd_chk(dir, sizeof dir, sizeof dir);
}

void checked_log(int pri, const char *fmt, ...) /* { escinfo noleak "fmt" } */
{
  va_list ap; /* { escinfo noescape "ap" } */
  char tag[8] = "esc"; /* { escinfo noescape "tag" } */
  __syslog_chk(pri, 1, "%s", tag);
  va_start(ap, fmt);
  __vsyslog_chk(pri, 1, fmt, ap);
  va_end(ap);
  va_start(ap, fmt);
  vsyslog(pri, fmt, ap);
  va_end(ap);
}

/* fcntl's third argument: a number, or a lock description read or filled ("n..o"); file times
 * read ("n.r"); CPU masks filled and read ("n..o", "n..r"). */
int lock_owner(int fd)
{
  struct lock_range fl = {1, 0, 0, 0, 0}; /* { escinfo noescape "fl" } */
  if (fcntl(fd, 5, &fl) != 0 || fcntl(fd, 4, 2048) != 0)
    return -1;
  return fl.pid;
}

int touch_fd(int fd)
{
  struct timespec ts[2] = {{0, 0}, {0, 0}}; /* { escinfo noescape "ts" } */
  struct time_val tv[2] = {{0, 0}, {0, 0}}; /* { escinfo noescape "tv" } */
  return futimens(fd, ts) + futimes(fd, tv);
}

int pin_cpu(void)
{
  struct cpu_mask mask; /* { escinfo noescape "mask" } */
  if (sched_getaffinity(0, sizeof mask, &mask) != 0)
    return -1;
  sched_yield();
  return sched_setaffinity(0, sizeof mask, &mask) + sched_getcpu();
}

/* More lookups in library memory ("ur", "u.", "u"). */
int protocols(void)
{
  char name[8] = "tcp"; /* { escinfo noescape "name" } */
  char prompt[16] = "Password: "; /* { escinfo noescape "prompt" } */
  const char *pass = getpass(prompt);
  int r = (getprotobyname(name) != NULL) + (getprotobynumber(6) != NULL) + (pass != NULL);
  return r + *__h_errno_location() + inotify_init() + epoll_create(1);
}

/* A function without a model still keeps what it is given. */
void handed_over(void)
{
  int h = 9; /* { escinfo escape.call "h" } */
  keep_somewhere(&h);
}
