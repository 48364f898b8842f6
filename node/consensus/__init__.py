"""BFT consensus among validators: the Tendermint algorithm, its messages and the driver that runs it."""
