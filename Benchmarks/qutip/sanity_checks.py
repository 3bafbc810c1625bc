"""Checks of the benchmark problem itself (not timed).

usage: python sanity_checks.py [N]   (default N = 3)

1. Basis ordering at N = 2 (S^z_i diagonals, S^+ positions, H_S - omega_MW S^z entries).
2. Gibbs check: with omega1 = 0, QuTiP's steady state vs e^{-beta H_S}/Z (H_S lab frame), reported
   as populations in the H_S eigenbasis vs e^{-beta eps_n}/Z, the largest coherence in that basis,
   and max |rho - rho_Gibbs| elementwise.  The jump operators of the model are balanced at omega_e
   only (h(omega_e), e^{-beta omega_e/2}), not at each transition frequency, and S^z_i does not commute
   with H_S, so the Gibbs state is stationary only up to O(beta * Delta) ~ 1e-4 relative terms
   in the deviation of populations from 1/dim: this check is expected to agree to about that, not to 1e-12.
3. QuTiP's driven steady state vs an independent dense LU solve of L(rho) = 0, Tr rho = 1 (NumPy).
"""

import sys
import warnings

warnings.filterwarnings("ignore", message="matplotlib not found")

import numpy as np  # noqa: E402
import qutip  # noqa: E402

import zeno_problem as zp  # noqa: E402


def check_ordering():
    n = 2
    assert np.allclose(zp.sz(0, n).diagonal(), [-0.5, 0.5, -0.5, 0.5])
    assert np.allclose(zp.sz(1, n).diagonal(), [-0.5, -0.5, 0.5, 0.5])
    sp0 = zp.splus(0, n).toarray()
    assert sp0[1, 0] == 1 and sp0[3, 2] == 1 and np.count_nonzero(sp0) == 2
    h = zp.rotating_system_hamiltonian(n).toarray()
    d = zp.offsets(n)
    u01 = zp.couplings(n)[0, 1]
    w = zp.OMEGA_E - zp.OMEGA_MW
    exp = np.zeros((4, 4))
    exp[0, 0] = -(w + d[0]) / 2 - (w + d[1]) / 2
    exp[1, 1] = (w + d[0]) / 2 - (w + d[1]) / 2
    exp[2, 2] = -(w + d[0]) / 2 + (w + d[1]) / 2
    exp[3, 3] = (w + d[0]) / 2 + (w + d[1]) / 2
    exp[1, 2] = exp[2, 1] = u01
    assert np.allclose(h, exp, rtol=0, atol=1e-6), h - exp
    print("ordering (N = 2): ok")


def dense_liouvillian(h, c_ops):
    """Row-major vectorization: vec(A rho B) = kron(A, B^T) vec(rho)."""
    h = h.toarray()
    dim = h.shape[0]
    eye = np.eye(dim)
    lv = -1j * (np.kron(h, eye) - np.kron(eye, h.T))
    for c in c_ops:
        c = c.toarray()
        cdc = c.conj().T @ c
        lv += np.kron(c, c.conj()) - 0.5 * np.kron(cdc, eye) - 0.5 * np.kron(eye, cdc.T)
    return lv


def dense_steadystate(h, c_ops):
    lv = dense_liouvillian(h, c_ops)
    dim = h.shape[0]
    scale = np.abs(lv).max()
    a = np.vstack([lv / scale, np.eye(dim).reshape(1, -1)])
    b = np.zeros(dim * dim + 1, dtype=complex)
    b[-1] = 1.0
    # Replace the singular system with a square one: add the trace row onto row 0.
    a2 = a[:-1].copy()
    a2[0] += a[-1]
    b2 = b[:-1].copy()
    b2[0] = 1.0
    x = np.linalg.solve(a2, b2)
    rho = x.reshape(dim, dim)
    return 0.5 * (rho + rho.conj().T) / np.trace(rho)


def check_gibbs(n, temperature):
    h, c_ops, eb = zp.build(n, temperature, omega1=0.0)
    rho = qutip.steadystate(zp.to_qobj(h, n), [zp.to_qobj(c, n) for c in c_ops]).full()
    g = zp.gibbs_state(n, temperature)
    v = eb.vectors
    rho_e = v.T @ rho @ v
    g_e = v.T @ g @ v
    pops, pops_g = np.real(np.diag(rho_e)), np.real(np.diag(g_e))
    coh = np.max(np.abs(rho_e - np.diag(np.diag(rho_e))))
    err = np.max(np.abs(rho - g))
    # How far the Gibbs state is from the infinite-temperature state, for scale.
    scale = np.max(np.abs(g - np.eye(2 ** n) / 2 ** n))
    # Compare to the state thermal in omega_e only: e^{-beta omega_e S^z_tot}/Z.
    b = zp.beta(temperature)
    p0 = np.exp(-b * zp.OMEGA_E * zp.magnetization(n))
    p0 /= p0.sum()
    err0 = np.max(np.abs(rho - np.diag(p0)))
    # Lindbladian residual of the Gibbs state.
    lv = dense_liouvillian(h, c_ops)
    res_g = np.linalg.norm(lv @ g.reshape(-1)) / (np.linalg.norm(lv) * np.linalg.norm(g))
    print(
        f"Gibbs check N={n} T={temperature} K: max|rho-rho_G| = {err:.3e} "
        f"(|rho_G - 1/dim|max = {scale:.3e}); max|pop - pop_G| = {np.max(np.abs(pops - pops_g)):.3e}; "
        f"max|coherence in H_S basis| = {coh:.3e}; max|rho - e^(-b w_e Sz)/Z| = {err0:.3e}; "
        f"||L rho_G||/(||L|| ||rho_G||) = {res_g:.3e}"
    )
    return err


def check_dense(n, temperature):
    h, c_ops, _ = zp.build(n, temperature)
    rho_q = qutip.steadystate(zp.to_qobj(h, n), [zp.to_qobj(c, n) for c in c_ops]).full()
    rho_d = dense_steadystate(h, c_ops)
    lv = dense_liouvillian(h, c_ops)
    res = np.linalg.norm(lv @ rho_d.reshape(-1)) / (np.linalg.norm(lv) * np.linalg.norm(rho_d))
    res_q = np.linalg.norm(lv @ rho_q.reshape(-1)) / (np.linalg.norm(lv) * np.linalg.norm(rho_q))
    print(
        f"QuTiP vs dense LU N={n} T={temperature} K: max|drho| = {np.max(np.abs(rho_q - rho_d)):.3e}, "
        f"residuals QuTiP {res_q:.2e}, dense {res:.2e}, P = {np.round(zp.polarizations(rho_q, n), 6)}"
    )


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    check_ordering()
    for t in (1.2, 12.0):
        check_gibbs(n, t)
    for t in (1.2, 12.0):
        check_dense(n, t)
