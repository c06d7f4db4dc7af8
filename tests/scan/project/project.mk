# A make build, for Bear: bear -- make -f project.mk
CC = gcc
CFLAGS = -O2 -MMD -MP
OBJS = src/main.o src/names.o
scanproject: $(OBJS)
	$(CC) -o $@ $(OBJS)
clean:
	rm -f scanproject $(OBJS) $(OBJS:.o=.d)
