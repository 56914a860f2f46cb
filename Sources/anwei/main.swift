import Glibc
import App

exit(App.main(CommandLine.arguments))
