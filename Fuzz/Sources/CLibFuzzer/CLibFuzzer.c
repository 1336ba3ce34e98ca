/* Declarations only: the driver itself comes from libFuzzer. */
