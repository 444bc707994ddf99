from thaidoc.cli import main

main()
