"""Checking derivations, stage by stage; each module imports only the ones above it.

    results    what checking produces: verdicts per step, block, file
    scope      definitions and hypotheses in force at a point of a document
    step       a step as a claim, and its proof read as a verdict
    diagnose   the small edits that would make an invalid step valid
    decide     one step in a bounded worker (with its diagnosis; cached)
    document   a whole document: blocks, chains, scopes, continuations
    grade      a checked submission against the claim it answers
"""
