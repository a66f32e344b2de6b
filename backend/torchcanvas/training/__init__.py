"""Training: datasets, losses, optimizers and the loop that trains a built design."""
