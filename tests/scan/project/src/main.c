/* main.c - a local handed to a function that keeps it. */
#include <stdio.h>
#include "names.h"

int main(void)
{
  char label[16] = "main";
  remember_name(label);
  puts(name_of(7) ? "ok" : "none");
  return 0;
}
