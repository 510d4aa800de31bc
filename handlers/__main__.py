from handlers import main

raise SystemExit(main())
