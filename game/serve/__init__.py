"""The classroom server (`drawdown serve`): one game process per trainee through textual-serve, each
trainee's files in their own folder of the class, and an instructor console behind a code."""
