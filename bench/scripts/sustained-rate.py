#!/usr/bin/env python3
"""The sustained arrival rate of a run: its arrivals.csv's last intended one-second rate before the
generator fell behind its schedule for good. GeneratorCheck's rule per second; a one-second hiccup
the generator recovers from is not a ceiling, three seconds behind in a row are.

    sustained-rate.py RUN_DIR/arrivals.csv
"""
import sys

intended = started = 0.0
rates, behind = [], []
for line in open(sys.argv[1]).read().splitlines()[1:]:
    s, pop, i, n = line.split(",")
    if float(i) == 0:
        break
    intended += float(i); started += float(n)
    rates.append(float(i))
    behind.append(intended - started - 3 - 0.1 * float(i) > 0.01 * intended)
ceiling = rates[-1] if rates else 0
for k in range(len(rates)):
    if all(behind[k:k + 3]) and len(behind[k:k + 3]) == 3:
        ceiling = rates[k - 1] if k > 0 else 0
        break
print("%.0f" % ceiling)
