/* simd.c - SIMD intrinsics: the vectors they return are numbers, not routes of the pointers
 * they were loaded through, at every -O level.  The intrinsics themselves are bodies GCC keeps
 * only for inlining, so they count as unknown functions. */
#include <immintrin.h>

void scramble(void *acc, const void *secret) /* { escinfo noleak "acc" } { escinfo noleak "secret" xfail "intrinsics are bodies GCC keeps only for inlining: unknown functions" } */
{
  __m128i *x = (__m128i *)acc;
  __m128i key = _mm_loadu_si128((const __m128i *)secret);
  *x = _mm_xor_si128(*x, key);
}

int sum4(void)
{
  int v[4] = {1, 2, 3, 4}; /* { escinfo noescape "v" xfail "intrinsics are bodies GCC keeps only for inlining: unknown functions" } */
  __m128i a = _mm_loadu_si128((const __m128i *)v);
  __m128i b = _mm_add_epi32(a, _mm_srli_si128(a, 8));
  b = _mm_add_epi32(b, _mm_srli_si128(b, 4));
  return _mm_cvtsi128_si32(b);
}
