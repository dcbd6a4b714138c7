#!/usr/bin/env python
from alliance87.cli import main

if __name__ == "__main__":
    main()
