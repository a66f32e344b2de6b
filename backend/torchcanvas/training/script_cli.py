"""The end of a run's script: its command line, `python script.py [FILE] [--epochs N] …`.

Each option's default is the run's own setting, so the script with no options trains as the run
did; `--help` lists them, where it used to start training.
"""

_OPTIONS = '''def command_line():
    """The options `--help` lists; with none given, the script trains as the run did."""
    parser = argparse.ArgumentParser(
        description="Trains Net as {trained}, printing each epoch's losses."
    ){data}
    parser.add_argument(
        "--epochs", type=int, default=EPOCHS, help="epochs to train (the run's: %(default)s)"
    )
    parser.add_argument(
        "--batch-size", type=int, default=BATCH_SIZE, help="samples a step (the run's: %(default)s)"
    )
    parser.add_argument(
        "--lr", type=float, default=LR, help="learning rate (the run's: %(default)s)"
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=SEED,
        help="seed of the initial weights and the shuffling (the run's: %(default)s)",
    ){threads}
    parser.add_argument(
        "--save",
        metavar="PATH",
        help="save the trained weights there with torch.save; load them with "
        "model.load_state_dict(torch.load(PATH))",
    )
    args = parser.parse_args()
    if args.epochs < 1 or args.batch_size < 1 or not 0 < args.lr < math.inf:
        parser.error("--epochs and --batch-size take a whole number from 1, --lr a number above 0"){threads_check}
    return args
'''

_DATA = """
    parser.add_argument(
        "data", nargs="?", default=DATA_FILE, help="the file you uploaded (default: %(default)s)"
    )"""

_THREADS = """
    parser.add_argument(
        "--threads",
        type=int,
        default=THREADS,
        help="torch's CPU threads (the run's: %(default)s); with another number sums are added "
        "in another order, and the losses drift a little from the run's",
    )"""

_THREADS_CHECK = """
    if args.threads < 1:
        parser.error("--threads takes a whole number from 1")"""

_MAIN = """if __name__ == "__main__":
    args = command_line()
    EPOCHS, BATCH_SIZE, LR, SEED = args.epochs, args.batch_size, args.lr, args.seed{data}{threads}
    model = main()  # trains from scratch; load_trained() loads the run's weights instead
    if args.save:
        torch.save(model.state_dict(), args.save)
        print(f"saved the trained weights to {{args.save}}")
"""


def command_line_code(run_id: str | None, upload: bool, threads: bool = False) -> str:
    """command_line() and the `__main__` block; `upload` adds the uploaded file's argument,
    `threads` the --threads option (THREADS its default), and `run_id` None is a design not
    trained yet."""
    trained = "a TorchCanvas run of it would" if run_id is None else f"TorchCanvas run {run_id} did"
    options = _OPTIONS.format(
        trained=trained,
        data=_DATA if upload else "",
        threads=_THREADS if threads else "",
        threads_check=_THREADS_CHECK if threads else "",
    )
    main = _MAIN.format(
        data="\n    DATA_FILE = args.data" if upload else "",
        threads="\n    torch.set_num_threads(args.threads)" if threads else "",
    )
    return f"{options}\n\n{main}"
