import sys

from debatemap.cli.main import main

sys.exit(main())
