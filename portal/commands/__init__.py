"""Stage 10 of 11, commands: what each command of build.py does once cli.py has read its
arguments (runners.py), and the commands that change content: new files from templates
(`new`) and status changes written into many profiles at once (`release`, `status`).
Takes the project and the arguments; gives files edited in place, checked first, and an
exit code."""
