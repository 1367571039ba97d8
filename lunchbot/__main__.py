from lunchbot.cli import main

main()
