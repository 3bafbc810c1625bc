// The same headers DNPKit's CLAPACK shim wraps, for bare-call baselines.
typedef struct { float real, imag; } bare_complex_float;
typedef struct { double real, imag; } bare_complex_double;
#define lapack_complex_float bare_complex_float
#define lapack_complex_double bare_complex_double
#include <cblas.h>
#include <lapacke.h>
