"""`python -m aoai.cli`: the same as the `aoai` console script (handy before installation)."""

from aoai.cli import main

if __name__ == "__main__":
    main()
