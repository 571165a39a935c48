/** The password of every vector below. */
export const VECTOR_PASSWORD = 'correct horse battery staple';

/** Made with Python's hashlib (an implementation apart from Node's), in each format's own spelling. */
export const VECTORS = {
  passlibPbkdf2Sha256: '$pbkdf2-sha256$i=29000$c2FsdHNhbHRzYWx0MTIzNA$hhE82ZNkxt.Z9xuW7xpmjjLDAPx/Y559u8/hxrvZs30',
  pbkdf2Sha512: '$pbkdf2-sha512$i=25000$c2FsdHNhbHRzYWx0MTIzNA$R7PP1cIFTyaBdyadcNjIu+l7IUlE859fmyEtuLGjPqGVnJIST2ljt5vwOW+heeC+boGRSOy+5VJQXD4/CRRr6Q',
  djangoPbkdf2Sha256: 'pbkdf2_sha256$260000$X7yzl1Ji0Nq2$lVWoHbOz4oyL2OCIlB1CINVzkpNb1tR06dWRuSVXh34=',
  scrypt: '$scrypt$ln=14,r=8,p=1$c2FsdHNhbHRzYWx0MTIzNA$Im5najC76HSTkKCOiVsMEIJgluIUq5286NeGBYl4XSs',
} as const;
