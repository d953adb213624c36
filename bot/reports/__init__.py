"""The EATP's cadence beyond the stand-up: sprint review and retro, weekly integration review, monthly steering update."""
