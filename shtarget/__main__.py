from shtarget.cli import main

main()
