/* outparam.c - a local's address left in the caller's memory (an out-parameter, and a field of
 * the caller's struct), read after the callee returns. */
struct request {
  int *status;
};

static void start(struct request *r)
{
  int status = 0;
  r->status = &status;
}

static void scratch(char **out)
{
  char buf[16] = "tmp";
  *out = buf;
}

int main(void)
{
  struct request r;
  start(&r);
  char *p;
  scratch(&p);
  return *r.status + p[0] == 't' ? 0 : 1;
}
