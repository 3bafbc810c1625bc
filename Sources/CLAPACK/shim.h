#ifndef DNPKIT_CLAPACK_SHIM_H
#define DNPKIT_CLAPACK_SHIM_H

// LAPACKE declares its complex arguments with `lapack_complex_double`, which defaults to C99
// `double _Complex`, a type Swift cannot import. Defining it first as a two-double struct keeps the
// same memory layout (re, im) as C99 complex and as swift-numerics' `Complex<Double>`, so the
// complex routines (zheevd, zgemm, ...) import and accept buffers of `Complex<Double>`.
typedef struct { float real, imag; } dnp_complex_float;
typedef struct { double real, imag; } dnp_complex_double;
#define lapack_complex_float dnp_complex_float
#define lapack_complex_double dnp_complex_double

#include <cblas.h>
#include <lapacke.h>

#endif
