"""Zeno-localization benchmark problem (SPEC section 4, Table I parameters) for QuTiP.

Python is used here only to run the peer (QuTiP) side of the side-by-side benchmark; it is not
part of DNPKit.

Conventions (they match DNPKit's spin-1/2 register):
- hbar = k_B = 1 in formulas; all frequencies are angular (rad/s); "x MHz" means 2*pi*x*1e6 rad/s.
- Basis index b = sum_i bit_i * 2**i, bit_i = 1 <=> spin i up (S^z_i = +1/2).
  Single-spin basis in this ordering is (|down>, |up>), so S^z = diag(-1/2, +1/2) and
  S^+ = |up><down| has its only element at [1, 0].  The Kronecker product puts spin N-1 first
  (most significant bit) and spin 0 last.
- Exported density matrices are row-major: element (r, c) at index r*dim + c.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

HBAR = 1.054571817e-34
K_B = 1.380649e-23
TWO_PI = 2.0 * math.pi

# Table I (rad/s).
DELTA_OMEGA_E = TWO_PI * 5e6
U_COUPLING = TWO_PI * 0.75e6
OMEGA_E = TWO_PI * 93.9e9
OMEGA_MW = TWO_PI * 93.8988e9
OMEGA_1 = TWO_PI * 0.628e6

# Bath times (seconds) per temperature (kelvin): (T1, T*, T0).
BATH_TIMES = {
    1.2: (160e-6, 80e-6, 1.6e-6),
    12.0: (1.6e-6, 0.16e-6, 0.16e-6),
}

_SZ = sp.csr_matrix(np.diag([-0.5, 0.5]))
_SP = sp.csr_matrix(np.array([[0.0, 0.0], [1.0, 0.0]]))  # |up><down|
_SM = sp.csr_matrix(np.array([[0.0, 1.0], [0.0, 0.0]]))  # |down><up|
_SX = 0.5 * (_SP + _SM)


def local(op2: sp.spmatrix, i: int, n: int) -> sp.csr_matrix:
    """Operator op2 on spin i of an n-spin register, in the little-endian basis described above."""
    left = sp.identity(2 ** (n - 1 - i), format="csr")  # spins n-1 .. i+1 (more significant)
    right = sp.identity(2 ** i, format="csr")  # spins i-1 .. 0 (less significant)
    return sp.kron(sp.kron(left, op2), right, format="csr")


def sz(i, n):
    return local(_SZ, i, n)


def splus(i, n):
    return local(_SP, i, n)


def sminus(i, n):
    return local(_SM, i, n)


def sx(i, n):
    return local(_SX, i, n)


def offsets(n: int) -> np.ndarray:
    """Delta_i = Delta_omega_e * (i/(N-1) - 1/2)."""
    if n == 1:
        return np.zeros(1)
    return np.array([DELTA_OMEGA_E * (i / (n - 1) - 0.5) for i in range(n)])


def couplings(n: int) -> np.ndarray:
    """U_ij = (U/sqrt(N)) sin(0.7 + 1.3 i + 2.9 j) for i < j, symmetric, zero diagonal."""
    u = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            u[i, j] = u[j, i] = U_COUPLING / math.sqrt(n) * math.sin(0.7 + 1.3 * i + 2.9 * j)
    return u


def beta(temperature_k: float) -> float:
    return HBAR / (K_B * temperature_k)


def h_beta(omega: float, b: float) -> float:
    """h(omega) = e^{b omega} / (1 + e^{b omega}), written stably."""
    return 1.0 / (1.0 + math.exp(-b * omega))


def rotating_system_hamiltonian(n: int) -> sp.csr_matrix:
    """H_S - omega_MW S^z (no drive): sum (omega_e - omega_MW + Delta_i) S^z_i + flip-flops."""
    d = offsets(n)
    u = couplings(n)
    dim = 2 ** n
    h = sp.csr_matrix((dim, dim))
    for i in range(n):
        h = h + (OMEGA_E - OMEGA_MW + d[i]) * sz(i, n)
    for i in range(n):
        for j in range(i + 1, n):
            h = h + u[i, j] * (splus(i, n) @ sminus(j, n) + sminus(i, n) @ splus(j, n))
    return h.tocsr()


def magnetization(n: int) -> np.ndarray:
    """Total S^z of each basis state."""
    b = np.arange(2 ** n)
    ups = np.array([bin(x).count("1") for x in b])
    return ups - n / 2.0


@dataclass
class Eigenbasis:
    """Eigenvectors of H_S, found sector by sector (S^z_total is conserved)."""

    vectors: np.ndarray  # dim x dim, columns |n>, block-diagonal by sector
    energies_rot: np.ndarray  # eigenvalues of H_S - omega_MW S^z
    m: np.ndarray  # S^z_total of each eigenvector

    def energies_lab(self) -> np.ndarray:
        return self.energies_rot + OMEGA_MW * self.m


def system_eigenbasis(n: int) -> Eigenbasis:
    h = rotating_system_hamiltonian(n).toarray()
    mag = magnetization(n)
    dim = 2 ** n
    v = np.zeros((dim, dim))
    e = np.zeros(dim)
    m = np.zeros(dim)
    for s in np.unique(mag):
        idx = np.nonzero(mag == s)[0]
        block = h[np.ix_(idx, idx)]
        w, vec = np.linalg.eigh(block)
        v[np.ix_(idx, idx)] = vec
        e[idx] = w
        m[idx] = s
    return Eigenbasis(v, e, m)


def build(n: int, temperature_k: float, omega1: float = OMEGA_1):
    """Return (H, c_ops, eigenbasis) as scipy CSR matrices for the rotating-frame GKSL problem."""
    t1, tstar, t0 = BATH_TIMES[float(temperature_k)]
    b = beta(temperature_k)
    h_rot_s = rotating_system_hamiltonian(n)
    h = h_rot_s
    if omega1 != 0.0:
        for i in range(n):
            h = h + omega1 * sx(i, n)
    h = h.tocsr()

    eb = system_eigenbasis(n)
    v = eb.vectors
    amp = math.sqrt(h_beta(OMEGA_E, b) / (2.0 * t1))
    boltz = math.exp(-b * OMEGA_E / 2.0)
    c_ops = []
    for i in range(n):
        spi, smi, szi = splus(i, n), sminus(i, n), sz(i, n)
        c_ops.append((amp * (smi + boltz * spi)).tocsr())
        c_ops.append((1j * amp * (smi - boltz * spi)).tocsr())
        # A^z_i = S^z_i / sqrt(2T*) + (1/sqrt(2T0) - 1/sqrt(2T*)) sum_n <n|S^z_i|n> |n><n|
        coef = 1.0 / math.sqrt(2.0 * t0) - 1.0 / math.sqrt(2.0 * tstar)
        az = szi / math.sqrt(2.0 * tstar)
        if coef != 0.0:
            diag = np.einsum("bn,b,bn->n", v, szi.diagonal(), v)  # <n|S^z_i|n>
            proj = (v * diag) @ v.T  # V diag V^T, block-diagonal by sector
            proj[np.abs(proj) < 1e-300] = 0.0
            az = az + coef * sp.csr_matrix(proj)
        c_ops.append(sp.csr_matrix(az))
    return h, c_ops, eb


def gibbs_state(n: int, temperature_k: float) -> np.ndarray:
    """e^{-beta H_S}/Z with H_S the lab-frame system Hamiltonian (built from sector eigenbasis)."""
    eb = system_eigenbasis(n)
    e = eb.energies_lab()
    b = beta(temperature_k)
    # Subtract the minimum in a numerically safe way: lab energies are ~1e11 rad/s but only
    # differences enter.  Compute beta*(E - E_min) as beta*(E_rot - E_rot_min) + beta*omega_MW*(m - m_ref).
    x = b * (eb.energies_rot - eb.energies_rot[0]) + b * OMEGA_MW * (eb.m - eb.m[0])
    x -= x.min()
    p = np.exp(-x)
    p /= p.sum()
    return (eb.vectors * p) @ eb.vectors.T


def polarizations(rho: np.ndarray, n: int) -> np.ndarray:
    """P_i = 2 <S^z_i> = 2 Tr(S^z_i rho)."""
    d = np.real(np.diag(rho))
    b = np.arange(2 ** n)
    return np.array([2.0 * np.sum(d * (((b >> i) & 1) - 0.5)) for i in range(n)])


def export_rho(rho: np.ndarray) -> dict:
    """Row-major real and imaginary parts (index r*dim + c)."""
    rho = np.asarray(rho)
    return {
        "rho_real": np.real(rho).reshape(-1).tolist(),
        "rho_imag": np.imag(rho).reshape(-1).tolist(),
    }


def import_rho(d: dict) -> np.ndarray:
    re = np.asarray(d["rho_real"], dtype=float)
    im = np.asarray(d["rho_imag"], dtype=float)
    dim = int(round(math.sqrt(re.size)))
    return (re + 1j * im).reshape(dim, dim)


def to_qobj(m, n: int):
    import qutip

    return qutip.Qobj(m, dims=[[2] * n, [2] * n])
