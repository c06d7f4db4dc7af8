/* names.h - a header both units read: editing it makes both out of date. */
#ifndef NAMES_H
#define NAMES_H
const char *name_of(int id);
void remember_name(const char *name);
#endif
