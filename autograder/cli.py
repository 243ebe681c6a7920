"""`course-grade` (also `python -m autograder`): the instructor's commands."""

import argparse


def main(argv=None):
    parser = argparse.ArgumentParser(prog="course-grade", description="Grade the course's assignments with nbgrader.")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="one grading round on three sample submissions of a01, in .demo/")
    demo.add_argument("--assignment", default="a01_perceptron")
    commands.add_parser("build", help="regenerate every notebook from its .py source and the student versions")
    args = parser.parse_args(argv)
    if args.command == "demo":
        from autograder.demo import run_demo

        run_demo(assignment=args.assignment)
    elif args.command == "build":
        from autograder.notebooks import main as build_main

        return build_main([])
    return 0
