"""Business metrics in the log lines the functions already write (CloudWatch embedded metric format).

Standard library only. The stacks bundle this package into the zip of every
function that emits metrics, beside the package holding its system's
catalogue; the stacks import the catalogues too, to draw the dashboards.
"""
