import DNPCommandLine

await DNPMain.start()
