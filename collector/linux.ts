/** The Linux (x86_64) flag values the collector reads out of syscall arguments. */

export const O_TRUNC = 0o1000;
export const O_APPEND = 0o2000;
export const O_CLOEXEC = 0o2000000;
/** creat(path, mode) opens with these. */
export const O_WRONLY_CREAT_TRUNC = 0o1101;

export const MAP_SHARED = 0x01;
export const MAP_SHARED_VALIDATE = 0x03;
export const MAP_ANONYMOUS = 0x20;
