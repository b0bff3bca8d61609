"""The hrba command line (placeholder, being written)."""
import click


@click.group()
def main() -> None:
    """hrba."""
