#!/usr/bin/env bash
# Stands in for python3 when CMake found none: the test fails and says why.
echo "python3 is needed for this test: apt-get install python3" >&2
exit 1
