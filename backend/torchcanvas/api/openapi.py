"""`python -m torchcanvas.api.openapi`: prints the OpenAPI schema that the frontend's types come from."""

import json
import sys

from torchcanvas.api.app import create_app


def main() -> None:
    json.dump(create_app().openapi(), sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
