# The collector's tests trace real programs under valgrind (lackey) and compile a C fixture.
need_packages valgrind gcc libc6-dev
