from synthforge.cli import main

main()
