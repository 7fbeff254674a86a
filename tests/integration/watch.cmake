# watch and timeline against real servers
